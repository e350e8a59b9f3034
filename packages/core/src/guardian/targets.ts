import type { ProcessRecord } from '@lifeline/persistence';
import { type ExpectedIdentity, identify } from '@lifeline/platform-kill';
import { expectedOf, expectedOfIdentity } from '../identity';
import type { SweepSource, SweepTarget } from '../sweep/engine';

/**
 * Records become targets pinned to their recorded identity (platform-kill's one mapping). One
 * that cannot be verified (no start time; on Linux no boot id) is refused by terminate before
 * anything is sent, and comes back from the sweep as `unverified`.
 */
export function fromRecords(records: Iterable<ProcessRecord>, source: SweepSource, taken: Set<number>): SweepTarget[] {
  const planned: SweepTarget[] = [];
  for (const record of records) {
    if (taken.has(record.pid)) continue;
    taken.add(record.pid);
    planned.push({
      pid: record.pid,
      source,
      record,
      target: { pid: record.pid, expect: expectedOf(record), tree: true },
    });
  }
  return planned;
}

/** The owner and its ancestors, read while the owner lives: never to be ended by a tag sweep. */
export async function ownerLineage(owner: ExpectedIdentity): Promise<ExpectedIdentity[]> {
  const lineage: ExpectedIdentity[] = [owner];
  let pid = owner.pid;
  for (let depth = 0; depth < 64 && pid > 1; depth++) {
    const identity = await identify(pid).catch(() => null);
    if (!identity) break;
    lineage.push(expectedOfIdentity(identity));
    pid = identity.ppid;
  }
  return lineage;
}
