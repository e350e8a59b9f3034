import { procState } from '@lifeline/test-utils';

/** The cap of confirmDead: a contender whose processes outlive it is timed up to here. */
export const CAP_MS = 1000;

const isDead = (pid: number) => {
  const s = procState(pid);
  return s === undefined || s === 'Z' || s === 'X';
};

/** Polls /proc state every 2 ms until all are dead (zombie or gone) or CAP_MS passes; returns the survivors. */
export async function confirmDead(pids: number[]): Promise<number> {
  const deadline = performance.now() + CAP_MS;
  let alive = pids.filter((p) => !isDead(p));
  while (alive.length > 0 && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2));
    alive = alive.filter((p) => !isDead(p));
  }
  return alive.length;
}
