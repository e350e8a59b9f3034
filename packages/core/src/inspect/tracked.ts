import { type CorruptionReport, isLegacyRecord, type OwnerInfo, openOwners } from '@lifeline/persistence';
import { capabilities, createContainment, identify } from '@lifeline/platform-kill';
import { CoreError } from '../errors';
import { expectedOfIdentity, recordState, unverifiedReason } from '../identity';
import { ownerCgroups } from '../sweep/contained';
import { type SweepTarget, sweep } from '../sweep/engine';
import { legacyMatch, legacyOwnerAlive } from '../sweep/legacy';
import { isOrphanRecord, ownerAliveOf } from '../sweep/owner-rule';
import { stateDirId } from '../sweep/owner-tag';
import { ownerRefs, ownerStates } from '../sweep/owners';
import { refusalOf } from '../sweep/verdict';
import type { KillOptions, TrackedKillResult, TrackedProcess } from '../types';
import type { InspectContext } from './context';

/** Every persisted record (all owners) with what is at its pid now. */
export async function listTracked(ctx: InspectContext): Promise<TrackedProcess[]> {
  await ctx.registry.settle(); // our own exited children's removals first: the file is what we list
  // Read-only: listing changes nothing (a corrupt file is reported by status, repaired by cleanup).
  const store = await ctx.registry.view();
  const { records } = await store.load();
  const { owners: ownerFiles } = await readOwners(ctx);
  const owners = await ownerStates(ctx.ownerId, ownerRefs(records, ownerFiles));
  const legacyOwner = records.some((r) => !r.owner) ? await legacyOwnerAlive(ctx.layout) : null;
  return Promise.all(
    records.map(async (record) => {
      const identity = await identify(record.pid).catch(() => null);
      const ownerAlive = ownerAliveOf(record, owners, legacyOwner?.alive ?? false);
      return { record, state: recordState(record, identity), ownerAlive, identity };
    }),
  );
}

/**
 * owners/ read-only, entry by entry: bad entries are problems, the rest are used. An owners/
 * that cannot be read at all is an error: never "no owners" (that would make every live owner dead).
 */
export async function readOwners(ctx: InspectContext): Promise<{ owners: OwnerInfo[]; problems: CorruptionReport[] }> {
  try {
    return await openOwners(ctx.layout.ownersDir, { readOnly: true }).scan();
  } catch (error) {
    throw new CoreError('ERR_STATE_DIR', `cannot read ${ctx.layout.ownersDir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Left behind by a dead owner, for `lifeline cleanup` to end (the rule: owner-rule.ts isOrphanRecord). */
export const isOrphan = (t: TrackedProcess): boolean => isOrphanRecord(t.record, t.state, t.ownerAlive);

/**
 * End records of any owner (the CLI's `lifeline kill`). Refuses pids not in the registry file,
 * pids whose process is no longer the recorded one or cannot be verified to be (unverified; for
 * legacy records: fails the legacy rule). What is left goes through the sweep engine, pinned to the identity read now.
 */
export async function killTracked(
  ctx: InspectContext,
  pids: number[],
  options: KillOptions,
): Promise<TrackedKillResult[]> {
  const store = await ctx.registry.open();
  const { records } = await store.load();
  const byPid = new Map(records.map((r) => [r.pid, r]));
  const stale: number[] = [];
  const targets: SweepTarget[] = [];
  const owners = await ownerStates(ctx.ownerId, ownerRefs(records, []));
  const results = new Map<number, TrackedKillResult | Promise<TrackedKillResult>>();
  await Promise.all(
    pids.map(async (pid) => {
      const record = byPid.get(pid);
      if (!record) return results.set(pid, { pid, outcome: 'refused', reason: `pid ${pid} is not in ${store.path}` });
      // Our own child: its exit path removes the record once the whole group is gone.
      const own = ctx.killOwn?.(pid, options);
      if (own)
        return results.set(
          pid,
          own.then((report) => ({ pid, outcome: 'ended' as const, report })),
        );
      const identity = await identify(pid).catch(() => null);
      const state = recordState(record, identity);
      if (state === 'gone' || state === 'zombie') {
        stale.push(pid);
        return results.set(pid, { pid, outcome: 'gone', reason: 'no such process' });
      }
      if (state === 'reused') {
        stale.push(pid);
        return results.set(pid, {
          pid,
          outcome: 'refused',
          reason: `pid ${pid} now belongs to another process (start time differs)`,
        });
      }
      if (state === 'unverified') {
        // Only a Script Kit record may still be matched, by the legacy rule; a Lifeline record that cannot be verified is never signalled.
        if (!isLegacyRecord(record))
          return results.set(pid, { pid, outcome: 'refused', reason: unverifiedReason(record) });
        const verdict = legacyMatch(record, identity!);
        if (!verdict.match) {
          stale.push(pid); // as cleanup's 'not-ours': the record names nothing of ours any more
          return results.set(pid, { pid, outcome: 'refused', reason: verdict.reason });
        }
      }
      // The refusal cleanup (and its dry run) give for the same pid: nothing is sent, the record stays.
      const refusal = refusalOf(pid);
      if (refusal) return results.set(pid, { pid, outcome: 'refused', reason: refusal });
      targets.push({
        pid,
        source: 'registry',
        record,
        target: { pid, expect: expectedOfIdentity(identity!), tree: true },
      });
    }),
  );
  // Matched by start time, so a record another instance wrote meanwhile for a reused pid stays.
  const remove = (pid: number) => {
    const startTime = byPid.get(pid)?.start_time;
    return store.remove(pid, startTime ? { start_time: startTime } : undefined);
  };
  // A contained record of a dead owner: its unit holds the whole tree (escaped members too), and
  // only then may its cgroup be forced. A live owner's children are ended by pid, as before.
  const units = targets.flatMap((t) => {
    const cgroup = t.record?.cgroup;
    const ownerId = t.record?.owner?.id;
    if (!cgroup || !ownerId || owners.get(ownerId)?.alive) return [];
    return ownerCgroups(ownerId, { units: [cgroup] }, { stateDirId: stateDirId(ctx.layout.stateDir) }).length > 0
      ? [cgroup]
      : [];
  });
  const containment = units.length > 0 && capabilities.platform === 'linux' ? createContainment() : null;
  const endingUnits = Promise.all(
    units.map((path) =>
      Promise.resolve()
        .then(() => containment?.unitAt(path).end({ graceMs: options.graceMs ?? ctx.graceMs, signal: options.signal }))
        .catch(() => null),
    ),
  );
  await sweep([targets], {
    graceMs: options.graceMs ?? ctx.graceMs,
    signal: options.signal,
    onSwept: (s) => {
      const { pid } = s.planned;
      if (s.outcome === 'failed' || s.outcome === 'refused')
        results.set(pid, { pid, outcome: 'refused', reason: s.reason, ...(s.report ? { report: s.report } : {}) });
      else results.set(pid, { pid, outcome: 'ended', report: s.report! });
    },
    removeStale: async (swept) => {
      await Promise.all([...stale, ...swept.map((s) => s.planned.pid)].map(remove));
    },
  });
  await endingUnits;
  return Promise.all(pids.map((pid) => results.get(pid)!));
}
