import { isLegacyRecord, type ProcessRecord, type StateLayout } from '@lifeline/persistence';
import { identify, type ProcessSnapshot, type TerminateTarget } from '@lifeline/platform-kill';
import { expectedOf, expectedOfIdentity, recordState, unverifiedReason } from '../identity';
import type { OrphanEntry } from '../types';
import { legacyMatch, legacyOwnerAlive } from './legacy';
import type { OwnerState } from './owners';
import { refusalsOf } from './verdict';

/** One record's decision before anything is signalled. `target` set: end it (unless dry run). */
export interface Planned {
  entry: OrphanEntry;
  record: ProcessRecord;
  target?: TerminateTarget;
}

const skip = (record: ProcessRecord, decision: OrphanEntry['decision'], reason: string): Planned => ({
  record,
  entry: { record, pid: record.pid, decision, reason, source: 'registry' },
});

/** The pids a decision over these records must read: every record but a legacy one (read alone, with its command line). */
export const recordPids = (records: ProcessRecord[]): number[] =>
  records.filter((r) => !isLegacyRecord(r)).map((r) => r.pid);

/**
 * Decide every record: a record is ended only when its owner is not a live instance AND the
 * process at its pid is still the recorded one (pid + OS start time + boot id, judged from
 * `snapshot`, which must hold recordPids(records); for legacy records, the documented legacy
 * match rule). A record whose identity cannot be verified is `unverified`: never signalled, kept.
 */
export async function planRecords(
  records: ProcessRecord[],
  owners: Map<string, OwnerState>,
  selfId: string,
  ownChildren: ReadonlySet<number>,
  layout: StateLayout,
  snapshot: ProcessSnapshot,
): Promise<Planned[]> {
  const plans: Planned[] = new Array(records.length);
  const legacy: number[] = [];
  records.forEach((record, i) => {
    const owner = record.owner ? owners.get(record.owner.id) : undefined;
    if (record.owner?.id === selfId || ownChildren.has(record.pid))
      plans[i] = skip(record, 'owner-alive', 'a child of this instance');
    else if (owner?.alive)
      plans[i] = skip(record, 'owner-alive', `owner ${owner.id} (pid ${owner.pids.join(', ')}) is a live instance`);
    else if (isLegacyRecord(record)) legacy.push(i);
    else plans[i] = planVerified(record, snapshot);
  });
  if (legacy.length > 0) {
    const holder = await legacyOwnerAlive(layout);
    await Promise.all(legacy.map(async (i) => (plans[i] = await planLegacy(records[i]!, holder))));
  }
  // The same refusal the signal path would give, decided here: a dry run predicts it, nothing is sent.
  const targeted = plans.filter((plan) => plan.target);
  const refusals = new Map(refusalsOf(targeted.map((p) => p.entry.pid)).map((r, i) => [targeted[i]!, r]));
  return plans.map((plan) => {
    const refusal = refusals.get(plan);
    return refusal ? skip(plan.record, 'refused', refusal) : plan;
  });
}

function planVerified(record: ProcessRecord, snapshot: ProcessSnapshot): Planned {
  // The snapshot read every pid of recordPids(records): a pid it holds no identity for is gone.
  const state = recordState(record, snapshot.identities.get(record.pid) ?? null);
  switch (state) {
    case 'running':
      return {
        record,
        entry: {
          record,
          pid: record.pid,
          decision: 'would-kill',
          reason: `${record.owner ? `owner ${record.owner.id} is gone` : 'no live owner'}; identity matches`,
          source: 'registry',
        },
        target: { pid: record.pid, expect: expectedOf(record), tree: true },
      };
    case 'reused':
      return skip(
        record,
        'reused',
        `pid ${record.pid} now belongs to another process (start time differs): not signalled`,
      );
    case 'unverified':
      return skip(record, 'unverified', unverifiedReason(record));
    case 'zombie':
      return skip(record, 'already-gone', 'exited (zombie, not yet reaped)');
    default:
      return skip(record, 'already-gone', 'no such process');
  }
}

async function planLegacy(record: ProcessRecord, holder: { alive: boolean; reason: string }): Promise<Planned> {
  if (!record.owner && holder.alive) return skip(record, 'owner-alive', holder.reason);
  const identity = await identify(record.pid).catch(() => null);
  if (!identity) return skip(record, 'already-gone', 'no such process');
  if (identity.state === 'zombie') return skip(record, 'already-gone', 'exited (zombie, not yet reaped)');
  const verdict = legacyMatch(record, identity);
  if (!verdict.match) return skip(record, 'not-ours', verdict.reason);
  return {
    record,
    entry: { record, pid: record.pid, decision: 'would-kill', reason: verdict.reason, source: 'registry' },
    // Pinned to the identity just read, so a pid reused in between is still never signalled.
    target: { pid: record.pid, expect: expectedOfIdentity(identity), tree: true },
  };
}
