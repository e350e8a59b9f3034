import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { procState, waitFor } from '@lifeline/test-utils';

/** The built launcher: tests run what users run (`pnpm --filter @lifeline/launcher... build` first). */
export const launcherBin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export interface HeadlessEvent {
  event: string;
  pid?: number;
  script?: string;
  log?: string;
  message?: string;
  [key: string]: unknown;
}

export interface LauncherProcess {
  child: ChildProcess;
  pid: number;
  events: HeadlessEvent[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves with the first event (already seen or future) that matches. */
  waitForEvent(match: (event: HeadlessEvent) => boolean, what: string, timeoutMs?: number): Promise<HeadlessEvent>;
}

/**
 * Start `node dist/bin.js --headless --json …` in its own process group, tagged with `owner`
 * (the launcher passes the same tag on through --owner-id), and parse its JSONL.
 */
export function startHeadless(owner: string, args: string[]): LauncherProcess {
  const child = spawn(process.execPath, [launcherBin, '--headless', '--json', '--owner-id', owner, ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LIFELINE_OWNER: owner, LIFELINE_OWNER_ID: undefined },
  });
  if (!child.pid || !child.stdout || !child.stderr) throw new Error('launcher did not start');
  const events: HeadlessEvent[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      events.push(JSON.parse(line));
    } catch {
      events.push({ event: 'unparsed', message: line });
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    pid: child.pid,
    events,
    stderr: () => stderr,
    exited,
    waitForEvent: (match, what, timeoutMs = 30_000) =>
      waitFor(() => events.find(match), {
        timeoutMs,
        message: `${what}; got ${events.map((e) => e.event).join(', ')}`,
      }),
  };
}

/** Run the launcher to completion (any mode) and collect its output. */
export function runLauncher(
  owner: string,
  args: string[],
  options: { timeoutMs?: number } = {},
): { status: number | null; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [launcherBin, ...args], {
      env: { ...process.env, LIFELINE_OWNER: owner, LIFELINE_OWNER_ID: owner },
      timeout: options.timeoutMs ?? 45_000,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { status: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { status: number | null; stdout: string; stderr: string };
    return { status: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Parse JSONL output into events. */
export function parseEvents(stdout: string): HeadlessEvent[] {
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as HeadlessEvent);
}

/** True while `pid` exists and is not a zombie. */
export function isLive(pid: number): boolean {
  const s = procState(pid);
  return s !== undefined && s !== 'Z' && s !== 'X';
}
