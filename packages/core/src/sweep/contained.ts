import { basename, dirname } from 'node:path';
import type { Containment, ReclaimReport } from '@lifeline/platform-kill';

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
