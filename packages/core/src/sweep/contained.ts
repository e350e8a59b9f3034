import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { type Containment, capabilities, OWNER_ENV, type ReclaimReport } from '@lifeline/platform-kill';
import { TAG_ENV } from './owner-tag';

/**
 * Which owner cgroup names are one owner's here: the shared `lifeline-<id>` of earlier versions,
 * and per instance `lifeline-<id>@<instance>` — exactly `instance` (the guardian: its own owner
 * instance's only), or any instance of this state directory (`<stateDirId>.…`: cleanup, for an
 * owner id it verified dead, all of whose instances here are then dead).
 */
export interface OwnerNames {
  instance?: string;
  stateDirId?: string;
  /**
   * Whether the shared `lifeline-<id>` of earlier versions counts (default true). The guardian of
   * an owner that made a per-instance cgroup passes false: that owner never made the shared one,
   * which may belong to another, older instance with the same id whose liveness it cannot check.
   */
  shared?: boolean;
}

const INSTANCE_TAIL = /^[A-Za-z0-9._-]{1,63}$/;

function isOwnerName(name: string, ownerId: string, names: OwnerNames): boolean {
  const shared = `lifeline-${ownerId}`;
  if (name === shared) return names.shared !== false;
  if (!name.startsWith(`${shared}@`)) return false;
  const instance = name.slice(shared.length + 1);
  if (names.instance !== undefined && instance === names.instance) return true;
  const dir = names.stateDirId === undefined ? null : `${names.stateDirId}.`;
  return dir !== null && instance.startsWith(dir) && INSTANCE_TAIL.test(instance.slice(dir.length));
}

/** The shared name of earlier versions (`lifeline-<id>`, no instance): one id from two state directories shared it. */
export const isSharedOwnerCgroup = (path: string): boolean => !basename(path).includes('@');

/** The instance an owner cgroup's name carries (`lifeline-<id>@<instance>`), or undefined. */
export function instanceOf(path: string | null | undefined): string | undefined {
  if (typeof path !== 'string') return undefined;
  const name = basename(path);
  const at = name.indexOf('@');
  return at === -1 ? undefined : name.slice(at + 1);
}

/**
 * The owner cgroups of one owner that its state names or a listing found: the owner file's
 * `cgroup`, the parent of each record's unit, and owner cgroups under the base. Only paths named
 * for that very owner (and instance, see OwnerNames) are kept (a record edited to point at
 * another owner's cgroup is ignored): cgroup.kill goes only into cgroups of an owner verified
 * dead (or our own).
 */
export function ownerCgroups(
  ownerId: string,
  sources: { owner?: Array<string | null | undefined>; units?: Array<string | null | undefined>; listed?: string[] },
  names: OwnerNames = {},
): string[] {
  const out = new Set<string>();
  const add = (path: string | null | undefined) => {
    if (typeof path === 'string' && path.startsWith('/') && isOwnerName(basename(path), ownerId, names)) out.add(path);
  };
  for (const path of sources.owner ?? []) add(path);
  for (const unit of sources.units ?? []) if (typeof unit === 'string') add(dirname(unit));
  for (const path of sources.listed ?? []) add(path);
  return [...out];
}

/** Reclaim each owner cgroup (every member ended, every cgroup removed); a failure is reported, never thrown. */
export async function reclaimAll(
  containment: Containment,
  paths: string[],
  options: { graceMs: number; signal?: NodeJS.Signals },
  onError?: (error: unknown, context: string) => void,
): Promise<ReclaimReport[]> {
  const reports = await Promise.all(
    paths.map((path) =>
      containment.reclaim(path, { graceMs: options.graceMs, signal: options.signal }).catch((error: unknown) => {
        onError?.(error, `reclaiming ${path}`);
        return null;
      }),
    ),
  );
  return reports.filter((r): r is ReclaimReport => r !== null);
}

/**
 * For the shared owner cgroup of earlier versions (`lifeline-<id>`, isSharedOwnerCgroup) only —
 * today each instance has its own. One owner id is no proof of one instance: two state
 * directories could run the same id, and then shared that cgroup. A member that carries the id
 * (LIFELINE_OWNER) with a tag (LIFELINE_TAG) of none of the dead instance's prefixes belongs to
 * another, live instance: a shared cgroup holding one is never reclaimed (the dead instance's
 * orphans in it are still found by their tags). Each member's environment is read once, so a member that exits meanwhile
 * counts for nothing. Without a known prefix (an owner from before tags) nothing can be told
 * apart, and nothing is held back. Linux only (readable environments), like the tags.
 */
export function holdsForeign(ownerId: string, prefixes: readonly string[], members: readonly number[]): boolean {
  if (!capabilities.ownerTags || prefixes.length === 0) return false;
  return members.some((pid) => {
    const env = readEnv(pid);
    const tag = env.get(TAG_ENV);
    return env.get(OWNER_ENV) === ownerId && tag !== undefined && !prefixes.some((p) => tag.startsWith(p));
  });
}

function readEnv(pid: number): Map<string, string> {
  const env = new Map<string, string>();
  try {
    for (const entry of readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0')) {
      const eq = entry.indexOf('=');
      if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
  } catch {
    // gone, or not readable: nothing to tell
  }
  return env;
}

/** Each unit of an owner cgroup (its path) with its members, read now; an unreadable unit counts as empty. */
export async function unitMembers(
  containment: Containment,
  path: string,
  units: readonly string[],
): Promise<Array<{ unit: string; pids: number[] }>> {
  const read = (name: string) =>
    Promise.resolve()
      .then(() => containment.unitAt(`${path}/${name}`).members())
      .catch((): number[] => [])
      .then((pids) => ({ unit: `${path}/${name}`, pids }));
  return Promise.all(units.map(read));
}

/** The members of an owner cgroup's units (read now; an unreadable unit counts as empty). */
export async function ownerMembers(
  containment: Containment,
  path: string,
  units: readonly string[],
): Promise<number[]> {
  return (await unitMembers(containment, path, units)).flatMap((u) => u.pids);
}
