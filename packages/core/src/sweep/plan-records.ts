import type { ProcessRecord, StateLayout } from '@lifeline/persistence';
import { identify, livenessMany, type TerminateTarget } from '@lifeline/platform-kill';
import { expectedOf, expectedOfIdentity } from '../identity';
import type { OrphanEntry } from '../types';
import { legacyMatch, legacyOwnerAlive } from './legacy';
import type { OwnerState } from './owners';
import { refusalOf } from './verdict';

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

/**
 * Decide every record: a record is ended only when its owner is not a live instance AND the
 * process at its pid is still the recorded one (pid + OS start time + boot id; for legacy
 * records, the documented legacy match rule). One process-table read for all identity checks.
 */
export async function planRecords(
  records: ProcessRecord[],
  owners: Map<string, OwnerState>,
  selfId: string,
  ownChildren: ReadonlySet<number>,
  layout: StateLayout,
): Promise<Planned[]> {
  const plans: (Planned | null)[] = records.map(() => null);
  const verified: number[] = [];
  const legacy: number[] = [];
  records.forEach((record, i) => {
    const owner = record.owner ? owners.get(record.owner.id) : undefined;
    if (record.owner?.id === selfId || ownChildren.has(record.pid))
      plans[i] = skip(record, 'owner-alive', 'a child of this instance');
    else if (owner?.alive)
      plans[i] = skip(record, 'owner-alive', `owner ${owner.id} (pid ${owner.pids.join(', ')}) is a live instance`);
    else if (expectedOf(record)) verified.push(i);
    else legacy.push(i);
  });

  const states = await livenessMany(verified.map((i) => expectedOf(records[i]!)!));
  verified.forEach((i, k) => {
    const record = records[i]!;
    const state = states[k];
    const ownerText = record.owner ? `owner ${record.owner.id} is gone` : 'no live owner';
    if (state === 'alive') {
      plans[i] = {
        record,
        entry: {
          record,
          pid: record.pid,
          decision: 'would-kill',
          reason: `${ownerText}; identity matches`,
          source: 'registry',
        },
        target: { pid: record.pid, expect: expectedOf(record)!, tree: true },
      };
    } else if (state === 'reused')
      plans[i] = skip(
        record,
        'reused',
        `pid ${record.pid} now belongs to another process (start time differs): not signalled`,
      );
    else
      plans[i] = skip(
        record,
        'already-gone',
        state === 'zombie' ? 'exited (zombie, not yet reaped)' : 'no such process',
      );
  });

  if (legacy.length > 0) {
    const holder = await legacyOwnerAlive(layout);
    await Promise.all(legacy.map(async (i) => (plans[i] = await planLegacy(records[i]!, holder))));
  }
  // The same refusal the signal path would give, decided here: a dry run predicts it, nothing is sent.
  return (plans as Planned[]).map((plan) => {
    const refusal = plan.target ? refusalOf(plan.entry.pid) : null;
    return refusal ? skip(plan.record, 'refused', refusal) : plan;
  });
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
