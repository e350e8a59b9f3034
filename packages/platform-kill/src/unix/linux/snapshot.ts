import type { AdapterSnapshot, SnapshotRequest } from '../../adapter';
import { OWNER_ENV } from '../../owner-env';
import type { ProcessIdentity } from '../../types';
import { findEnv } from './parse-proc-files';
import { identityFromStat, listPids, readText, statIdentities, statOrNull } from './proc';

/**
 * One pass over /proc for a whole decision: one readdir, a stat read of each requested pid that
 * exists (a record of a long-dead process costs nothing more), and — for tags, asked for now or
 * later through findTagged — one environ read per listed process not left out, matched against
 * every requested owner id at once, plus a stat read of each match not read already (zombies and
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
  const findTagged = (tags: readonly string[], except?: ReadonlySet<number>) => {
    const tagged = new Map<string, number[]>(tags.map((tag) => [tag, []]));
    if (tagged.size === 0) return tagged;
    for (const pid of all) {
      if (pid === process.pid || except?.has(pid)) continue;
      const raw = readText(`/proc/${pid}/environ`);
      const value = raw === null ? undefined : findEnv(raw, OWNER_ENV);
      const list = value === undefined ? undefined : tagged.get(value);
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
    return tagged;
  };
  return { identities, tagged: findTagged(request.tags), findTagged: async (tags, except) => findTagged(tags, except) };
}
