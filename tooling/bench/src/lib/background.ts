/**
 * Raise the machine's process count to about `target` with idle `sleep` processes carrying the
 * suite's owner tag, so a suite can measure how a peer that reads the whole process table
 * (pidtree, ps-list run `ps`) slows down as the table grows. Never lowers the count (other work
 * on a shared machine is outside our control); callers print the count they actually got.
 */
import { spawn } from 'node:child_process';
import { OWNER_ENV, reapOwner } from '@lifeline/test-utils';
import { processCount } from './machine.js';

export async function fillProcessTable(target: number, owner: string): Promise<number> {
  const missing = target - processCount();
  const env = { ...process.env, [OWNER_ENV]: owner };
  for (let started = 0; started < missing; started += 50) {
    const batch = Array.from({ length: Math.min(50, missing - started) }, () => {
      const child = spawn('sleep', ['100000'], { detached: true, stdio: 'ignore', env });
      child.unref();
      return new Promise((resolve, reject) => {
        child.once('spawn', resolve);
        child.once('error', reject);
      });
    });
    await Promise.all(batch);
  }
  return processCount();
}

/** Ends every filler of this owner (SIGKILL by owner tag, then waits until they are gone). */
export async function drainProcessTable(owner: string): Promise<void> {
  await reapOwner(owner);
}
