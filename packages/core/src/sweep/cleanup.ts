import { type OwnerInfo, openOwners, type ProcessRecord, type RegistryStore } from '@lifeline/persistence';
import { capabilities, descendants, snapshot } from '@lifeline/platform-kill';
import type { Owner } from '../owner';
import type { CleanupResult, OrphanDecision, OrphanEntry } from '../types';
import { type SweepTarget, type Swept, sweep } from './engine';
import { checkableOwners, ownerRefs, ownerStates } from './owners';
import { type Planned, planRecords, recordPids } from './plan-records';
import { startTimeToDate } from './start-time';
import { pinTagged } from './tagged';

/** How many owner-tag passes follow the kill pass of the records: the first, then up to three while each finds someone. */
const TAG_PASSES = 4;

const KEEP_FROM_TAGS: ReadonlySet<OrphanDecision> = new Set(['owner-alive', 'unverified']);

/** Decisions that make a record stale: it is dropped from the registry file after a real run. */
const STALE: ReadonlySet<OrphanDecision> = new Set(['killed', 'already-gone', 'reused', 'not-ours']);

/**
 * Startup orphan cleanup (Script Kit's cleanup_orphans, fixed): records of dead owners are
 * ended only if their identity still matches, legacy records by the legacy rule, and processes
 * that carry a dead owner's LIFELINE_OWNER tag but are in no record are found and ended too.
 * Planning here; the ending is the sweep engine's.
 */
export async function cleanupOrphans(
  owner: Owner,
  store: RegistryStore,
  ownChildren: ReadonlySet<number>,
  dryRun: boolean,
): Promise<CleanupResult> {
  const started = performance.now();
  const ownersDir = openOwners(owner.layout.ownersDir);
  // Independent reads: the registry file and the owner files at the same time.
  const [{ records, corruption }, ownerFiles] = await Promise.all([
    store.load(),
    ownersDir.list().catch((): OwnerInfo[] => []),
  ]);
  // One pass over the process table for the whole decision: one listing, every record's and
  // owner's identity; then, for a dry run (a real run sweeps the tags itself after ending the
  // records), the dead owners' tags among the same listing, reading the environment only of
  // processes no record has decided on.
  const refs = ownerRefs(records, ownerFiles);
  const candidates = checkableOwners(owner.ownerId, refs);
  const table = await snapshot({ pids: [...recordPids(records), ...candidates.map((r) => r.pid)] });
  const owners = await ownerStates(owner.ownerId, refs, table);
  const deadIds = [...owners.values()].filter((o) => !o.alive && o.id !== owner.ownerId).map((o) => o.id);
  const livePids = new Set([...owners.values()].filter((o) => o.alive).flatMap((o) => o.pids));
  const exclude = new Set<number>([process.pid, ...livePids]);
  const plans = await planRecords(records, owners, owner.ownerId, ownChildren, owner.layout, table);
  // Nor does a tag sweep take a pid its record left alone on purpose: a live owner's, or one that cannot be verified.
  for (const p of plans) if (p.target || KEEP_FROM_TAGS.has(p.entry.decision)) exclude.add(p.entry.pid);
  for (const p of plans) if (!p.target) owner.emit('orphan-skipped', skippedEvent(p.record, p.entry.reason));

  let tagged: OrphanEntry[];
  if (dryRun) {
    for (const p of plans) if (p.target) owner.emit('orphan-found', { pid: p.entry.pid, record: p.record });
    const scanned =
      capabilities.ownerTags && deadIds.length > 0
        ? await table.findTagged(deadIds, exclude)
        : new Map<string, number[]>();
    tagged = await dryRunTagged(plans, scanned, exclude, owner);
  } else {
    const byTarget = new Map(plans.filter((p) => p.target).map((p) => [toTarget(p), p]));
    const targets = [...byTarget.keys()];
    tagged = [];
    await sweep([targets], {
      graceMs: owner.graceMs,
      tag: { ownerIds: deadIds, passes: TAG_PASSES, exclude },
      onTarget: (t) => owner.emit('orphan-found', { pid: t.pid, record: t.record ?? tagRecord(t) }),
      onSwept: (swept) => {
        const planned = byTarget.get(swept.planned as SweepTarget);
        const entry = planned?.entry ?? tagEntry(swept.planned);
        if (!planned) tagged.push(entry);
        settle(entry, swept);
        const record = swept.planned.record ?? tagRecord(swept.planned);
        if (entry.decision === 'killed') owner.emit('orphan-killed', { pid: entry.pid, record, report: swept.report! });
        else owner.emit('orphan-skipped', { pid: entry.pid, record, reason: entry.reason });
      },
      onError: (error, context) => owner.emit('error', { error: error as Error, context: `cleanup: ${context}` }),
      // Every record whose decision is now stale: found gone/reused/not ours when planned, or ended now.
      removeStale: async () => {
        const stale = plans.filter((p) => STALE.has(p.entry.decision)).map((p) => p.record.pid);
        if (stale.length > 0) await store.removeMany(stale);
      },
    });
  }

  const entries = [...plans.map((p) => p.entry), ...tagged];
  if (!dryRun) {
    const deadFiles = ownerFiles.filter((f) => deadIds.includes(f.id));
    await Promise.all(deadFiles.map((f) => ownersDir.remove(f.id).catch(() => false)));
  }
  return {
    dryRun,
    entries,
    killed: entries.filter((e) => e.decision === 'killed').length,
    durationMs: performance.now() - started,
    ...(corruption ? { corruption } : {}),
  };
}

const toTarget = (p: Planned): SweepTarget => ({
  pid: p.entry.pid,
  source: 'registry',
  record: p.record,
  target: p.target!,
});

function settle(entry: OrphanEntry, swept: Swept): void {
  entry.decision = swept.outcome === 'ended' ? 'killed' : swept.outcome;
  entry.reason = swept.reason;
  if (swept.report) entry.report = swept.report;
}

const skippedEvent = (record: ProcessRecord, reason: string) => ({ pid: record.pid, record, reason });

function tagEntry(t: SweepTarget): OrphanEntry {
  return {
    record: null,
    pid: t.pid,
    decision: 'would-kill',
    reason: `carries LIFELINE_OWNER=${t.found?.ownerId} of a dead owner and is in no record`,
    source: 'owner-tag',
  };
}

/** Dry run: what carries a dead owner's tag, leaving out what the planned trees would take with them. */
async function dryRunTagged(
  plans: Planned[],
  scanned: ReadonlyMap<string, readonly number[]>,
  exclude: Set<number>,
  owner: Owner,
): Promise<OrphanEntry[]> {
  // Usually every tagged process is a planned record itself: then no tree needs walking.
  if (![...scanned.values()].some((pids) => pids.some((pid) => !exclude.has(pid)))) return [];
  const trees = await Promise.all(plans.filter((p) => p.target).map((p) => descendants(p.entry.pid).catch(() => [])));
  const found = await pinTagged(scanned, new Set([...exclude, ...trees.flat()]), []);
  for (const t of found) owner.emit('orphan-found', { pid: t.pid, record: tagRecord(t) });
  return found.map(tagEntry);
}

/** A record-shaped description of a process found only by its tag, for events and the log. */
function tagRecord(t: SweepTarget): ProcessRecord {
  const identity = t.found?.identity;
  return {
    pid: t.pid,
    script_path: identity?.command ?? '',
    started_at: ((identity && startTimeToDate(identity.startTime)) || new Date()).toISOString(),
    pgid: identity?.pgid ?? null,
    start_time: identity?.startTime ?? null,
    boot_id: identity?.bootId ?? null,
    command: identity?.command,
    owner: { id: t.found?.ownerId ?? '', pid: 0 },
  };
}
