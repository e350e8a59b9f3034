import { basename, dirname } from 'node:path';
import { describe, PlatformKillError } from '../errors';

/**
 * The naming rule that lets cleanup recognise our cgroups without any marker file (cgroupfs
 * allows none): an owner's cgroup is `lifeline-<ownerId>` directly under the base, and each
 * child's is `c-<n>` inside it. Nothing else is ever created, written to or removed.
 */
export const OWNER_PREFIX = 'lifeline-';
const OWNER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const UNIT = /^c-\d{1,10}$/;

export function assertContainmentOwnerId(ownerId: unknown): asserts ownerId is string {
  if (typeof ownerId !== 'string' || !OWNER_ID.test(ownerId)) {
    throw new PlatformKillError(
      'ERR_INVALID_OPTION',
      `ownerId must be 1–128 letters, digits, ".", "_" or "-" starting with a letter or digit (it names a cgroup), got ${describe(ownerId)}`,
    );
  }
}

export const ownerCgroupName = (ownerId: string) => `${OWNER_PREFIX}${ownerId}`;

/** The owner id an owner cgroup's directory name carries, or null when the name is not ours. */
export function ownerIdOf(name: string): string | null {
  if (!name.startsWith(OWNER_PREFIX)) return null;
  const id = name.slice(OWNER_PREFIX.length);
  return OWNER_ID.test(id) ? id : null;
}

export const isUnitName = (name: string) => UNIT.test(name);
export const unitName = (n: number) => `c-${n}`;

/** The owner id when `path` is an owner cgroup by name, strictly under `mount` (no `..`); else null. */
function ownerCgroupIdOf(path: string, mount: string): string | null {
  if (!path.startsWith(`${mount}/`) || path.split('/').includes('..')) return null;
  return ownerIdOf(basename(path));
}

/** Throws unless `path` is an owner cgroup by name, strictly under `mount`. */
export function assertOwnerCgroupPath(path: string, mount: string): string {
  const id = ownerCgroupIdOf(path, mount);
  if (id === null) {
    throw new PlatformKillError(
      'ERR_INVALID_OPTION',
      `expected an owner cgroup (…/${OWNER_PREFIX}<ownerId>) under ${mount}, got ${describe(path)}`,
    );
  }
  return id;
}

/** Throws unless `path` is a unit cgroup by name (`…/lifeline-<ownerId>/c-<n>`), strictly under `mount`. */
export function assertUnitPath(path: string, mount: string): string {
  const name = basename(path);
  if (!isUnitName(name) || ownerCgroupIdOf(dirname(path), mount) === null) {
    throw new PlatformKillError(
      'ERR_INVALID_OPTION',
      `expected a unit cgroup (…/${OWNER_PREFIX}<ownerId>/c-<n>) under ${mount}, got ${describe(path)}`,
    );
  }
  return name;
}
