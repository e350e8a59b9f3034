import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { readOwnerTag, waitFor } from '@lifeline/test-utils';
import { isAlive, startOwner } from './helpers';

export interface GuardedOwner {
  child: ChildProcess;
  pid: number;
  guardianPid: number;
  /** Every process the owner started (children, grandchildren, the daemon). */
  pids: number[];
  registry: string;
  messages: Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Start test/fixtures/guardian-owner.mjs (or another owner fixture: BUILT core, guardian: true) and wait for its ready line. */
export async function startGuardedOwner(
  owner: string,
  stateDir: string,
  mode: string,
  env: NodeJS.ProcessEnv,
  file = 'guardian-owner.mjs',
): Promise<GuardedOwner> {
  const { child, ready, messages, exited } = await startOwner(owner, stateDir, mode, env, file);
  return {
    child,
    pid: ready.pid,
    guardianPid: ready.guardianPid as number,
    pids: ready.pids as number[],
    registry: ready.registry as string,
    messages,
    exited,
  };
}

/** Signal a guardian we started, after checking it is one: our owner tag and the guardian marker. */
export function killGuardian(pid: number, owner: string, signal: NodeJS.Signals = 'SIGKILL'): void {
  if (pid <= 1 || readOwnerTag(pid) !== owner) throw new Error(`pid ${pid} is not a process of owner ${owner}`);
  const environ = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
  if (!environ.includes('LIFELINE_GUARDIAN=1')) throw new Error(`pid ${pid} is not a guardian`);
  process.kill(pid, signal);
}

/** The JSONL lifecycle log of a state dir, parsed. */
export function readLog(stateDir: string): Record<string, unknown>[] {
  let text = '';
  try {
    text = readFileSync(join(stateDir, 'logs', 'lifeline.jsonl'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export const events = (stateDir: string, name: string) => readLog(stateDir).filter((e) => e.event === name);

export async function waitAllGone(pids: number[], message: string): Promise<void> {
  await waitFor(() => pids.every((pid) => !isAlive(pid)), { timeoutMs: 30_000, message });
}

/** Open files, pipes and sockets of a process, as /proc/<pid>/fd link targets, by fd number. */
export function openFiles(pid: number): Map<number, string> {
  const fds = new Map<number, string>();
  for (const name of readdirSync(`/proc/${pid}/fd`)) {
    try {
      fds.set(Number(name), readlinkSync(`/proc/${pid}/fd/${name}`));
    } catch {
      // closed meanwhile
    }
  }
  return fds;
}
