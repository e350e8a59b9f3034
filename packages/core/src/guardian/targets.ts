import type { ProcessRecord } from '@lifeline/persistence';
import { type ExpectedIdentity, identify } from '@lifeline/platform-kill';
import { expectedOf, expectedOfIdentity } from '../identity';
import type { SweepSource, SweepTarget } from '../sweep/engine';

export interface Skipped {
  pid: number;
  source: SweepSource;
  reason: string;
}

/** Records become targets pinned to their recorded identity; one without a start time is never signalled. */
export function fromRecords(records: Iterable<ProcessRecord>, source: SweepSource, taken: Set<number>) {
  const planned: SweepTarget[] = [];
  const skipped: Skipped[] = [];
  for (const record of records) {
    if (taken.has(record.pid)) continue;
    taken.add(record.pid);
    const expect = expectedOf(record);
    if (!expect) {
      skipped.push({ pid: record.pid, source, reason: 'no start time recorded: identity cannot be checked' });
      continue;
    }
    planned.push({ pid: record.pid, source, record, target: { pid: record.pid, expect, tree: true } });
  }
  return { planned, skipped };
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
