import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { type Containment, capabilities, OWNER_ENV, type ReclaimReport } from '@lifeline/platform-kill';
import { TAG_ENV } from './owner-tag';

/**
 * The owner cgroups of one owner that its state names or a listing found: the owner file's
 * `cgroup`, the parent of each record's unit, and `lifeline-<id>` directories under the base.
 * Only paths named for that very owner are kept (a record edited to point at another owner's
 * cgroup is ignored): cgroup.kill goes only into cgroups of an owner verified dead (or our own).
 */
export function ownerCgroups(
  ownerId: string,
  sources: { owner?: Array<string | null | undefined>; units?: Array<string | null | undefined>; listed?: string[] },
): string[] {
  const name = `lifeline-${ownerId}`;
  const out = new Set<string>();
  const add = (path: string | null | undefined) => {
    if (typeof path === 'string' && path.startsWith('/') && basename(path) === name) out.add(path);
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
 * One owner id is no proof of one instance: two state directories may run the same id, and then
 * share its owner cgroup (`lifeline-<id>`). A member that carries the id (LIFELINE_OWNER) with a
 * tag (LIFELINE_TAG) of none of the dead instance's prefixes belongs to another, live instance:
 * an owner cgroup holding one is never reclaimed (the dead instance's orphans in it are still
 * found by their tags). Each member's environment is read once, so a member that exits meanwhile
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
