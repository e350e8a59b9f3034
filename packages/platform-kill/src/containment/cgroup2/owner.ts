import { isUnitName, ownerCgroupName, unitName } from '../names';
import type { OwnerContainment, ReclaimReport, UnitEndOptions } from '../types';
import type { Cgroup2Context } from './context';
import { endUnit } from './end';
import { isEmpty, removeTree } from './files';
import { forceUnitsSync } from './force-sync';
import { cgroup2Unit } from './unit';

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * Ends every unit of an owner cgroup in parallel and removes it. Only `c-<n>` units are
 * touched; the owner cgroup itself never holds processes (nothing of ours is placed there).
 */
export async function reclaimOwner(ctx: Cgroup2Context, dir: string, options?: UnitEndOptions): Promise<ReclaimReport> {
  const units = ctx.fs.subdirs(dir).filter(isUnitName);
  const reports = await Promise.all(units.map((name) => endUnit(ctx, `${dir}/${name}`, name, options)));
  return { path: dir, units: reports, removed: removeOwnerDir(ctx, dir) };
}

function removeOwnerDir(ctx: Cgroup2Context, dir: string): boolean {
  try {
    ctx.fs.rmdir(dir);
    return true;
  } catch (error) {
    return errno(error) === 'ENOENT';
  }
}

/**
 * One cgroup for the owner instance (`<base>/lifeline-<ownerId>@<instance>`, or
 * `lifeline-<ownerId>` without one; made on the first unit), one `c-<n>` per child.
 */
export function cgroup2Owner(ctx: Cgroup2Context, ownerId: string, instance?: string): OwnerContainment {
  const dir = `${ctx.info.base}/${ownerCgroupName(ownerId, instance)}`;
  let next = 0;
  // The units this scope made: the only ones its exit path may force (a reused owner cgroup may hold others).
  const made = new Set<string>();
  let pruneAt = 64;
  const remember = (unit: string) => {
    made.add(unit);
    // Units ended one by one are removed elsewhere: forget those now and then, so the set stays small.
    if (made.size < pruneAt) return;
    for (const d of made) if (!ctx.fs.exists(d)) made.delete(d);
    pruneAt = Math.max(64, made.size * 2);
  };
  const makeOwnerDir = () => {
    try {
      ctx.fs.mkdir(dir);
    } catch (error) {
      if (errno(error) !== 'EEXIST') throw error;
    }
    // A reused owner cgroup (same id after a restart) keeps its units; continue after them.
    const taken = ctx.fs
      .subdirs(dir)
      .filter(isUnitName)
      .map((n) => Number(n.slice(2)));
    next = Math.max(next, ...taken) + 1;
  };
  return {
    info: ctx.info,
    ownerId,
    get cgroup() {
      return dir;
    },
    unit() {
      if (next === 0) makeOwnerDir();
      for (;;) {
        const name = unitName(next++);
        try {
          ctx.fs.mkdir(`${dir}/${name}`);
          remember(`${dir}/${name}`);
          return cgroup2Unit(ctx, `${dir}/${name}`, name);
        } catch (error) {
          // ENOENT: endAll() or dispose() removed the owner cgroup; make it again.
          if (errno(error) === 'ENOENT') makeOwnerDir();
          else if (errno(error) !== 'EEXIST') throw error;
        }
      }
    },
    endAll: (options) => reclaimOwner(ctx, dir, options),
    async dispose() {
      for (const name of ctx.fs.subdirs(dir).filter(isUnitName)) {
        const unit = `${dir}/${name}`;
        if (isEmpty(ctx.fs, unit)) removeTree(ctx.fs, unit);
      }
      return removeOwnerDir(ctx, dir);
    },
    forceSync(options) {
      const units = [...made];
      made.clear();
      const gone = forceUnitsSync(ctx, units, options?.confirmMs);
      return removeOwnerDir(ctx, dir) && gone;
    },
  };
}
