import { openOwners, type ProcessRecord } from '@lifeline/persistence';
import { identify, type ProcessIdentity, sameProcess, terminate } from '@lifeline/platform-kill';
import type { Context } from './context';
import { killEntry } from './kill';
import { legacyMatch, legacyOwnerAlive } from './legacy';
import { ownerStates } from './owners';
import { expectedOf, expectedOfIdentity } from './records';
import type { KillOptions, TrackedKillResult, TrackedProcess } from './types';

/** Every persisted record (all owners) with what is at its pid now. */
export async function listTracked(ctx: Context): Promise<TrackedProcess[]> {
  await ctx.settleWrites(); // our own exited children's removals first: the file is what we list
  const store = await ctx.store();
  const { records } = await store.load();
  const ownerFiles = await openOwners(ctx.layout.ownersDir)
    .list()
    .catch(() => []);
  const owners = await ownerStates(ctx.ownerId, records, ownerFiles);
  const legacyOwner = records.some((r) => !r.owner) ? await legacyOwnerAlive(ctx.layout) : null;
  return Promise.all(
    records.map(async (record) => {
      const identity = await identify(record.pid).catch(() => null);
      const ownerAlive = record.owner ? (owners.get(record.owner.id)?.alive ?? false) : (legacyOwner?.alive ?? false);
      return { record, state: stateOf(record, identity), ownerAlive, identity };
    }),
  );
}

/** running / zombie / gone / reused against the recorded identity; 'unverified' for a live legacy pid. */
export function stateOf(record: ProcessRecord, identity: ProcessIdentity | null): TrackedProcess['state'] {
  if (!identity) return 'gone';
  if (identity.state === 'zombie' || identity.state === 'dead') return 'zombie';
  const expected = expectedOf(record);
  if (!expected) return 'unverified';
  return sameProcess(expected, expectedOfIdentity(identity)) ? 'running' : 'reused';
}

/**
 * End records of any owner (the CLI's `lifeline kill`). Refuses pids not in the registry file,
 * and pids whose process is no longer the recorded one (or, for legacy records, fails the legacy rule).
 */
export async function killTracked(ctx: Context, pids: number[], options: KillOptions): Promise<TrackedKillResult[]> {
  const store = await ctx.store();
  const { records } = await store.load();
  const byPid = new Map(records.map((r) => [r.pid, r]));
  const graceMs = options.graceMs ?? ctx.graceMs;
  const stale: number[] = [];
  const results = await Promise.all(
    pids.map(async (pid): Promise<TrackedKillResult> => {
      const record = byPid.get(pid);
      if (!record) return { pid, outcome: 'refused', reason: `pid ${pid} is not in ${store.path}` };
      const own = ctx.entries.get(pid);
      // Our own child: its exit path removes the record once the whole group is gone.
      if (own) return { pid, outcome: 'ended', report: await killEntry(ctx, own, options) };
      const identity = await identify(pid).catch(() => null);
      const state = stateOf(record, identity);
      if (state === 'gone' || state === 'zombie') {
        stale.push(pid);
        return { pid, outcome: 'gone', reason: 'no such process' };
      }
      if (state === 'reused') {
        stale.push(pid);
        return { pid, outcome: 'refused', reason: `pid ${pid} now belongs to another process (start time differs)` };
      }
      if (state === 'unverified') {
        const verdict = legacyMatch(record, identity!);
        if (!verdict.match) return { pid, outcome: 'refused', reason: verdict.reason };
      }
      const expect = expectedOfIdentity(identity!);
      const report = await terminate({ pid, expect, tree: true }, { graceMs, signal: options.signal });
      if (report.survivors.length > 0)
        return {
          pid,
          outcome: 'refused',
          reason: `still alive after the force signal: ${report.survivors.join(', ')}`,
          report,
        };
      stale.push(pid);
      return { pid, outcome: 'ended', report };
    }),
  );
  // Matched by start time, so a record another instance wrote meanwhile for a reused pid stays.
  await Promise.all(
    stale.map((pid) => {
      const startTime = byPid.get(pid)?.start_time;
      return store.remove(pid, startTime ? { start_time: startTime } : undefined);
    }),
  );
  return results;
}
