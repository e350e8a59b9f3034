import type { SpawnOptions } from 'node:child_process';
import { PlatformKillError } from '../../errors';
import type { ContainmentUnit } from '../types';
import type { Cgroup2Context } from './context';
import { endUnit } from './end';
import { isEmpty, readMembersDeep, removeTree } from './files';
import { planSpawn } from './placement';
import { signalMembers } from './signal';
import { waitEvent } from './wait';

/** One child's cgroup (`…/lifeline-<owner>/c-<n>`), which this owner created. */
export function cgroup2Unit(ctx: Cgroup2Context, dir: string, name: string, adopted = false): ContainmentUnit {
  // An adopted unit (unitAt) already holds its child: it can be ended, never given another.
  let planned = adopted;
  return {
    name,
    cgroup: dir,
    plan(command: string, args: readonly string[] = [], options: SpawnOptions = {}) {
      if (planned)
        throw new PlatformKillError('ERR_INVALID_OPTION', `unit ${name} already has its child; make a new unit`);
      planned = true;
      return planSpawn(ctx, dir, command, args, options);
    },
    attach() {
      // The cgroup itself is the tree: the root pid adds nothing to find or end it.
    },
    members: async () => readMembersDeep(ctx.fs, dir),
    signal: async (signal) => signalMembers(ctx, dir, signal),
    waitEmpty: (timeoutMs) => waitEvent(ctx.fs, dir, 'populated', 0, timeoutMs),
    end: (options) => endUnit(ctx, dir, name, options),
    remove: async () => isEmpty(ctx.fs, dir) && removeTree(ctx.fs, dir),
  };
}
