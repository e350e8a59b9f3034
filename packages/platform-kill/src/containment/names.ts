import { basename, dirname } from 'node:path';
import { describe, PlatformKillError } from '../errors';

/**
 * The naming rule that lets cleanup recognise our cgroups without any marker file (cgroupfs
 * allows none): an owner's cgroup is `lifeline-<ownerId>@<instance>` directly under the base
 * (one per owner instance: the same id run twice never shares one), or `lifeline-<ownerId>`
 * when no instance is given (the shared name of earlier versions, still read as that owner's),
 * and each child's is `c-<n>` inside it. `@` is in no owner id, so a name parses one way only.
 * Nothing else is ever created, written to or removed.
 */
export const OWNER_PREFIX = 'lifeline-';
const OWNER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const INSTANCE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const UNIT = /^c-\d{1,10}$/;

export function assertContainmentOwnerId(ownerId: unknown): asserts ownerId is string {
  if (typeof ownerId !== 'string' || !OWNER_ID.test(ownerId)) {
    throw new PlatformKillError(
      'ERR_INVALID_OPTION',
      `ownerId must be 1–128 letters, digits, ".", "_" or "-" starting with a letter or digit (it names a cgroup), got ${describe(ownerId)}`,
    );
  }
}

export function assertContainmentInstance(instance: unknown): asserts instance is string {
  if (typeof instance !== 'string' || !INSTANCE.test(instance)) {
    throw new PlatformKillError(
      'ERR_INVALID_OPTION',
      `instance must be 1–64 letters, digits, ".", "_" or "-" starting with a letter or digit (it names a cgroup), got ${describe(instance)}`,
    );
  }
}

export const ownerCgroupName = (ownerId: string, instance?: string) =>
  instance === undefined ? `${OWNER_PREFIX}${ownerId}` : `${OWNER_PREFIX}${ownerId}@${instance}`;

/** The owner id and instance an owner cgroup's directory name carries, or null when the name is not ours. */
export function parseOwnerCgroupName(name: string): { ownerId: string; instance: string | null } | null {
  if (!name.startsWith(OWNER_PREFIX)) return null;
  const rest = name.slice(OWNER_PREFIX.length);
  const at = rest.indexOf('@');
  const ownerId = at === -1 ? rest : rest.slice(0, at);
  const instance = at === -1 ? null : rest.slice(at + 1);
  if (!OWNER_ID.test(ownerId) || (instance !== null && !INSTANCE.test(instance))) return null;
  return { ownerId, instance };
}

/** The owner id an owner cgroup's directory name carries, or null when the name is not ours. */
export const ownerIdOf = (name: string): string | null => parseOwnerCgroupName(name)?.ownerId ?? null;

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
      `expected an owner cgroup (…/${OWNER_PREFIX}<ownerId>[@<instance>]) under ${mount}, got ${describe(path)}`,
    );
  }
  return id;
}

/** Throws unless `path` is a unit cgroup by name (`…/lifeline-<ownerId>[@<instance>]/c-<n>`), strictly under `mount`. */
export function assertUnitPath(path: string, mount: string): string {
  const name = basename(path);
  if (!isUnitName(name) || ownerCgroupIdOf(dirname(path), mount) === null) {
    throw new PlatformKillError(
      'ERR_INVALID_OPTION',
      `expected a unit cgroup (…/${OWNER_PREFIX}<ownerId>[@<instance>]/c-<n>) under ${mount}, got ${describe(path)}`,
    );
  }
  return name;
}
