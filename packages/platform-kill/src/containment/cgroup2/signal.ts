import { protectedReason } from '../../guards';
import { parseOwnCgroup } from '../detect';
import { signalOne } from '../send';
import type { MemberSignal } from '../types';
import { type Cgroup2Context, procPathOf } from './context';
import { readMembersDeep } from './files';

/** Is `pid` (still) in the cgroup whose /proc path is `path`, or in one below it? */
export function isMemberOf(ctx: Cgroup2Context, pid: number, path: string): boolean {
  const own = parseOwnCgroup(ctx.fs.read(`${ctx.proc}/${pid}/cgroup`) ?? '');
  return own !== null && (own === path || own.startsWith(`${path}/`));
}

/** True when this process itself is inside `dir` (a cgroup we must then never kill as a whole). */
export function selfInside(ctx: Cgroup2Context, dir: string): boolean {
  return isMemberOf(ctx, process.pid, procPathOf(ctx, dir));
}

/**
 * Sends one signal to every member of a cgroup tree, each checked right before sending: not
 * protected (pid 1, us, our group leader, our ancestors), and still in this cgroup — the
 * identity check of a contained process, since a pid that was reused by someone else would
 * live in another cgroup.
 */
export function signalMembers(ctx: Cgroup2Context, dir: string, signal: NodeJS.Signals): MemberSignal[] {
  const path = procPathOf(ctx, dir);
  const self = ctx.self();
  const out: MemberSignal[] = [];
  for (const pid of readMembersDeep(ctx.fs, dir)) {
    // Checked right before sending: a pid that left the unit (or was reused) is not ours any more.
    if (!isMemberOf(ctx, pid, path)) out.push({ pid, outcome: 'gone', reason: 'exited or left the unit' });
    else out.push(signalOne(ctx.kill, pid, signal, protectedReason(pid, self)));
  }
  return out;
}
