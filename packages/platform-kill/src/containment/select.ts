import { describe, PlatformKillError } from '../errors';
import { createPlatform } from '../platform';
import type { KillFunction } from '../types';
import { createLinuxAdapter } from '../unix/linux/adapter';
import type { Cgroup2Context } from './cgroup2/context';
import { isEmpty } from './cgroup2/files';
import { cgroup2Owner, reclaimOwner } from './cgroup2/owner';
import { cgroup2Unit } from './cgroup2/unit';
import { type DetectOptions, detectContainment } from './detect';
import { type CgroupFs, nodeCgroupFs } from './fs';
import {
  assertContainmentInstance,
  assertContainmentOwnerId,
  assertOwnerCgroupPath,
  assertUnitPath,
  isUnitName,
  parseOwnerCgroupName,
} from './names';
import { noneContainment } from './none';
import type { Containment, OwnerCgroup, Placement } from './types';

export interface ContainmentOptions extends Partial<Omit<DetectOptions, 'fs'>> {
  /** `auto` (default): cgroup2 where the host allows it, else none with the reason. `off`: always none. */
  mode?: 'auto' | 'off';
  /** How a cgroup2 child is placed before its program runs. Default `fork-window` (see cgroup2/placement.ts). */
  placement?: Placement;
  /** The file-system seam (tests: a fake root, or a wrapper that hides cgroup.kill). */
  fs?: CgroupFs;
  /** Sends signals to individual members. Default process.kill. */
  kill?: KillFunction;
}

/**
 * The ONE place a containment mechanism is chosen: cgroup2 when detection allows it, none
 * (with the reason) otherwise or when turned off.
 */
export function createContainment(options: ContainmentOptions = {}): Containment {
  const { mode = 'auto', placement = 'fork-window', fs = nodeCgroupFs, proc = '/proc' } = options;
  if (mode !== 'auto' && mode !== 'off')
    throw new PlatformKillError(
      'ERR_INVALID_OPTION',
      `containment mode must be "auto" or "off", got ${describe(mode)}`,
    );
  if (placement !== 'fork-window' && placement !== 'trampoline')
    throw new PlatformKillError(
      'ERR_INVALID_OPTION',
      `placement must be "fork-window" or "trampoline", got ${describe(placement)}`,
    );
  const kill = options.kill ?? ((pid: number, signal: NodeJS.Signals | 0) => void process.kill(pid, signal));
  const detected =
    mode === 'off'
      ? { mechanism: 'none' as const, reason: 'containment is turned off (mode: "off")' }
      : detectContainment({ ...options, fs, proc });
  if (detected.mechanism === 'none' || !detected.mount || !detected.base || !detected.ownDir) {
    const reason = detected.reason ?? 'cgroup2 layout incomplete';
    return noneContainment(createPlatform({ kill }), { mechanism: 'none', reason });
  }
  const adapter = createLinuxAdapter(kill);
  const ctx: Cgroup2Context = {
    fs,
    info: { ...detected, mount: detected.mount, base: detected.base, ownDir: detected.ownDir },
    proc,
    kill,
    self: () => adapter.self(),
    placement,
  };
  const { ownDir: _own, nsPrefix: _ns, ...info } = ctx.info;
  return {
    info,
    forOwner(ownerId, forOptions) {
      assertContainmentOwnerId(ownerId);
      const instance = forOptions?.instance;
      if (instance !== undefined) assertContainmentInstance(instance);
      return cgroup2Owner(ctx, ownerId, instance);
    },
    leftovers(ownerId) {
      const out: OwnerCgroup[] = [];
      for (const name of fs.subdirs(ctx.info.base)) {
        const parsed = parseOwnerCgroupName(name);
        if (parsed === null || (ownerId !== undefined && parsed.ownerId !== ownerId)) continue;
        const path = `${ctx.info.base}/${name}`;
        out.push({ ...parsed, path, units: fs.subdirs(path).filter(isUnitName), populated: !isEmpty(fs, path) });
      }
      return out;
    },
    unitAt(path) {
      return cgroup2Unit(ctx, path, assertUnitPath(path, ctx.info.mount), true);
    },
    async reclaim(path, endOptions) {
      assertOwnerCgroupPath(path, ctx.info.mount);
      return reclaimOwner(ctx, path, endOptions);
    },
  };
}
