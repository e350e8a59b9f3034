import type { SelfInfo } from '../../adapter';
import type { KillFunction } from '../../types';
import type { Detected } from '../detect';
import type { CgroupFs } from '../fs';
import type { Placement } from '../types';

/** What every cgroup2 operation needs: the seam, the detected layout, and how to signal. */
export interface Cgroup2Context {
  fs: CgroupFs;
  info: Detected & { mount: string; base: string; ownDir: string };
  proc: string;
  kill: KillFunction;
  /** Who we are, so members that are us (or our ancestors) are never signalled. */
  self(): SelfInfo;
  placement: Placement;
}

/** The path /proc/<pid>/cgroup shows for a cgroup directory (relative to the cgroup namespace). */
export function procPathOf(ctx: Cgroup2Context, dir: string): string {
  return `${ctx.info.nsPrefix ?? ''}${dir.slice(ctx.info.mount.length)}` || '/';
}
