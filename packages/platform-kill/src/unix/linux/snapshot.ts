import type { AdapterSnapshot, SnapshotRequest } from '../../adapter';
import { OWNER_ENV } from '../../owner-env';
import type { ProcessIdentity } from '../../types';
import { findEnv } from './parse-proc-files';
import { identityFromStat, listPids, readText, statIdentities, statOrNull } from './proc';

/**
 * One pass over /proc for a whole decision: one readdir, a stat read of each requested pid that
 * exists (a record of a long-dead process costs nothing more), and — for tags, asked for now or
 * later through findTagged/findByEnv — one environ read per listed process not left out, matched against
 * every requested value at once, plus a stat read of each match not read already (zombies and
 * dead ones are left out). Never lists our own process.
 */
export function snapshotLinux(request: SnapshotRequest): AdapterSnapshot {
  const all = listPids();
  const identities = new Map<number, ProcessIdentity>();
  if (request.pids.length > 0) {
    const existing = new Set(all);
    for (const [pid, identity] of statIdentities(request.pids.filter((pid) => existing.has(pid))))
      identities.set(pid, identity);
  }
  // Every environment search of this snapshot walks the one listing above: no second readdir.
  const findByEnv = (name: string, values: readonly string[], prefix: boolean, except?: ReadonlySet<number>) => {
    const found = new Map<string, number[]>(values.map((v) => [v, []]));
    if (found.size === 0) return found;
    for (const pid of all) {
      if (pid === process.pid || except?.has(pid)) continue;
      const raw = readText(`/proc/${pid}/environ`);
      const value = raw === null ? undefined : findEnv(raw, name);
      if (value === undefined) continue;
      const list = prefix ? found.get(values.find((v) => value.startsWith(v)) ?? '') : found.get(value);
      if (!list) continue;
      let identity = identities.get(pid);
      if (!identity) {
        const stat = statOrNull(pid);
        if (!stat) continue;
        identity = identityFromStat(stat);
      }
      if (identity.state === 'zombie' || identity.state === 'dead') continue;
      identities.set(pid, identity);
      list.push(pid);
    }
    return found;
  };
  const findTagged = (tags: readonly string[], except?: ReadonlySet<number>) =>
    findByEnv(OWNER_ENV, tags, false, except);
  return {
    identities,
    tagged: findTagged(request.tags),
    findTagged: async (tags, except) => findTagged(tags, except),
    findByEnv: async (name, values, prefix, except) => findByEnv(name, values, prefix, except),
  };
}
