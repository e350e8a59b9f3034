import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { OWNER_ENV } from './owner-id.js';

export type FixtureName =
  | 'sleeper'
  | 'ignore-term'
  | 'exit-with'
  | 'tree'
  | 'zombie-parent'
  | 'sh-group'
  | 'script-kit-app';

const files: Record<FixtureName, string> = {
  sleeper: 'sleeper.mjs',
  'ignore-term': 'ignore-term.mjs',
  'exit-with': 'exit-with.mjs',
  tree: 'tree.mjs',
  'zombie-parent': 'zombie-parent.sh',
  'sh-group': 'sh-group.sh',
  // A stand-in Script Kit app (python3): its PID file and registry written as its Rust code does.
  'script-kit-app': 'script-kit-app.py',
};

/** Absolute path of a fixture script. */
export function fixturePath(name: FixtureName): string {
  return fileURLToPath(new URL(`../fixtures/${files[name]}`, import.meta.url));
}

export interface StartFixtureOptions {
  /** Required: the LIFELINE_OWNER value the fixture (and all it spawns) carries. */
  owner: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Own process group (default true), so ending its group never touches the test runner. */
  detached?: boolean;
  timeoutMs?: number;
}

export interface ReadyMessage {
  ready: true;
  pid: number;
  descendants?: number[];
  escaped?: number[];
  zombie?: number;
  [key: string]: unknown;
}

export interface RunningFixture {
  pid: number;
  child: ChildProcess;
  ready: ReadyMessage;
  /** The fixture's pid and every descendant it announced. */
  allPids: number[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Start a fixture and resolve once it has printed its ready line. */
export function startFixture(name: FixtureName, options: StartFixtureOptions): Promise<RunningFixture> {
  const { owner, args = [], env = {}, detached = true, timeoutMs = 30_000 } = options;
  const file = fixturePath(name);
  const interpreter = file.endsWith('.sh') ? '/bin/sh' : file.endsWith('.py') ? 'python3' : process.execPath;
  const [cmd, cmdArgs] = [interpreter, [file, ...args]];
  const child = spawn(cmd, cmdArgs, {
    detached,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env, [OWNER_ENV]: owner },
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`fixture ${name} did not announce readiness within ${timeoutMs} ms`));
    }, timeoutMs);
    const stdout = child.stdout;
    if (!stdout) throw new Error('fixture has no stdout');
    const rl = createInterface({ input: stdout });
    rl.on('line', (line) => {
      let message: ReadyMessage;
      try {
        message = JSON.parse(line);
      } catch {
        return;
      }
      if (!message.ready) return;
      clearTimeout(timer);
      rl.close();
      stdout.resume();
      resolve({
        pid: message.pid,
        child,
        ready: message,
        allPids: [message.pid, ...(message.descendants ?? [])],
        exited,
      });
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`fixture ${name} exited (${code ?? signal}) before it was ready`));
    });
  });
}
