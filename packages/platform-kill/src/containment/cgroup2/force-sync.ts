import type { Cgroup2Context } from './context';
import { isEmpty, removeTree } from './files';
import { selfInside, signalMembers } from './signal';

/** How long the exit path waits, at most, for the forced units to empty before removing what it can. */
const CONFIRM_MS = 1000;

/** Blocks this thread for `ms` (the exit path has no event loop left to wait on). */
const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The synchronous force of an exiting owner: cgroup.kill into each unit (where the kernel lacks
 * it: SIGKILL to each member, checked to be in the unit, repeated every few ms while the unit is
 * populated so a member forked meanwhile goes too; no freeze, which would need a wait to settle),
 * then poll `populated` until every unit is empty or `confirmMs` has passed, then remove the
 * empty ones. A unit that holds this process is never forced. True when every unit is gone.
 */
export function forceUnitsSync(ctx: Cgroup2Context, dirs: readonly string[], confirmMs = CONFIRM_MS): boolean {
  const live = dirs.filter((dir) => ctx.fs.exists(dir) && !selfInside(ctx, dir));
  const sigkillEach = (dir: string) => {
    try {
      signalMembers(ctx, dir, 'SIGKILL');
    } catch {
      // exiting anyway: the guardian or the next start reclaims what is left
    }
  };
  const force = (dir: string) => {
    if (ctx.info.forceVia === 'cgroup.kill' && ctx.fs.exists(`${dir}/cgroup.kill`)) {
      try {
        ctx.fs.write(`${dir}/cgroup.kill`, '1');
        return true;
      } catch {
        // cgroup.kill refused (EACCES, …): each member by itself, as without it
      }
    }
    sigkillEach(dir);
    return false;
  };
  // Units cgroup.kill took (once is enough: the kernel ends every member, forks included).
  const killed = new Set(live.filter((dir) => !isEmpty(ctx.fs, dir) && force(dir)));
  const deadline = performance.now() + confirmMs;
  for (let round = 1; performance.now() < deadline; round++) {
    const populated = live.filter((dir) => !isEmpty(ctx.fs, dir));
    if (populated.length === 0) break;
    sleepSync(1);
    if (round % 5 === 0) for (const dir of populated) if (!killed.has(dir)) force(dir);
  }
  let gone = true;
  for (const dir of dirs) if (ctx.fs.exists(dir) && (!isEmpty(ctx.fs, dir) || !removeTree(ctx.fs, dir))) gone = false;
  return gone;
}
