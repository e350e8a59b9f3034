import { readdirSync, readFileSync } from 'node:fs';
import { OWNER_ENV } from './owner-id.js';
import { waitFor } from './wait-for.js';

/** The value of LIFELINE_OWNER in a process's environment (Linux /proc), or undefined. */
export function readOwnerTag(pid: number): string | undefined {
  let raw: string;
  try {
    raw = readFileSync(`/proc/${pid}/environ`, 'latin1');
  } catch {
    return undefined;
  }
  const prefix = `${OWNER_ENV}=`;
  for (const entry of raw.split('\0')) if (entry.startsWith(prefix)) return entry.slice(prefix.length);
  return undefined;
}

/** One-letter state from /proc/<pid>/stat ('R', 'S', 'Z', …), or undefined when the pid does not exist. */
export function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return undefined;
  }
}

/** Live (non-zombie) processes whose environment carries LIFELINE_OWNER=<owner>. */
export function listOwnerProcesses(owner: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) continue;
    if (readOwnerTag(pid) !== owner) continue;
    const state = procState(pid);
    if (state === undefined || state === 'Z' || state === 'X') continue;
    found.push(pid);
  }
  return found;
}

/**
 * Last-resort cleanup after a test: SIGKILL every live process tagged with this
 * test's unique owner id, then wait until they are gone. The tag is the identity
 * check — owner ids are random per test, so nothing else can carry it.
 * Returns the pids that had to be killed; a passing test expects none.
 */
export async function reapOwner(owner: string): Promise<number[]> {
  if (!owner || owner.length < 8) throw new Error(`reapOwner: refusing a short owner id ${JSON.stringify(owner)}`);
  const leaked = listOwnerProcesses(owner);
  for (const pid of leaked) {
    if (pid <= 1 || pid === process.pid || readOwnerTag(pid) !== owner) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (leaked.length > 0) {
    await waitFor(() => listOwnerProcesses(owner).length === 0, {
      timeoutMs: 30_000,
      message: `owner ${owner} processes to die`,
    });
  }
  return leaked;
}

/**
 * Waits (bounded) for every process of `owner` to be gone, then reaps any survivor and
 * throws naming them, so a leaking test fails instead of leaving processes behind.
 */
export async function expectNoSurvivors(owner: string, timeoutMs = 15_000): Promise<void> {
  try {
    await waitFor(() => listOwnerProcesses(owner).length === 0, { timeoutMs, message: 'no survivors' });
  } catch {
    const leaked = await reapOwner(owner);
    if (leaked.length > 0) throw new Error(`processes of owner ${owner} survived: ${leaked.join(', ')}`);
  }
}
