import { PlatformKillError } from '../../errors';
import type { UnitEndOptions, UnitEndReport } from '../types';
import type { Cgroup2Context } from './context';
import { readMembersDeep, removeTree } from './files';
import { selfInside, signalMembers } from './signal';
import { waitEvent } from './wait';

/** How long a freeze may take to settle before the members are killed anyway. */
const FREEZE_SETTLE_MS = 1000;

/**
 * Forces a unit: one write to cgroup.kill (every member, at once, no fork can escape it). Where
 * the kernel lacks cgroup.kill, freeze the unit (no member can fork any more), SIGKILL each
 * member (a fatal signal reaches frozen tasks), thaw. Refuses a cgroup that holds this process.
 */
export async function forceUnit(ctx: Cgroup2Context, dir: string): Promise<'cgroup.kill' | 'freeze'> {
  if (selfInside(ctx, dir)) {
    throw new PlatformKillError('ERR_PROTECTED_PID', `refusing to force ${dir}: this process is inside it`);
  }
  if (ctx.info.forceVia === 'cgroup.kill' && ctx.fs.exists(`${dir}/cgroup.kill`)) {
    ctx.fs.write(`${dir}/cgroup.kill`, '1');
    return 'cgroup.kill';
  }
  ctx.fs.write(`${dir}/cgroup.freeze`, '1');
  try {
    await waitEvent(ctx.fs, dir, 'frozen', 1, FREEZE_SETTLE_MS);
    signalMembers(ctx, dir, 'SIGKILL');
  } finally {
    // A gone cgroup (all dead, already removed) has nothing left to thaw.
    try {
      ctx.fs.write(`${dir}/cgroup.freeze`, '0');
    } catch {}
  }
  return 'freeze';
}

/** Graceful signal to every member, wait for `populated 0`, force after the grace, confirm, remove. */
export async function endUnit(
  ctx: Cgroup2Context,
  dir: string,
  name: string,
  options: UnitEndOptions = {},
): Promise<UnitEndReport> {
  const { signal = 'SIGTERM', graceMs = 3000, confirmMs = 2000, remove = true } = options;
  const started = performance.now();
  const members = readMembersDeep(ctx.fs, dir);
  const graceful = graceMs > 0 && members.length > 0 ? signalMembers(ctx, dir, signal) : [];
  let empty = await waitEvent(ctx.fs, dir, 'populated', 0, graceMs);
  let forced: UnitEndReport['forced'] = null;
  // A freeze fallback may race a member that forks between listing and freezing: repeat until empty.
  const deadline = performance.now() + confirmMs;
  while (!empty) {
    forced = await forceUnit(ctx, dir);
    empty = await waitEvent(ctx.fs, dir, 'populated', 0, Math.max(0, deadline - performance.now()));
    if (performance.now() >= deadline) break;
  }
  const survivors = empty ? [] : readMembersDeep(ctx.fs, dir);
  const removed = empty && remove ? removeTree(ctx.fs, dir) : false;
  return {
    unit: name,
    members,
    graceful,
    forced,
    empty,
    removed,
    survivors,
    durationMs: performance.now() - started,
  };
}
