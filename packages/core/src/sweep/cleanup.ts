import {
  type CorruptionReport,
  type OwnerInfo,
  openOwners,
  type ProcessRecord,
  type RegistryStore,
} from '@lifeline/persistence';
import {
  type Containment,
  createContainment,
  descendants,
  type OwnerCgroup,
  type ReclaimReport,
  snapshot,
} from '@lifeline/platform-kill';
import { CoreError } from '../errors';
import type { Owner } from '../owner';
import type { CgroupCleanup, CleanupResult, OrphanDecision, OrphanEntry } from '../types';
import { CgroupEntries, type CgroupMember, foundRecord } from './cgroup-entries';
import { holdsForeign, isSharedOwnerCgroup, ownerCgroups, unitMembers } from './contained';
import { type SweepTarget, type Swept, sweep } from './engine';
import { isTagOf, stateDirId, type TagOwner } from './owner-tag';
import { checkableOwners, ownerRefs, ownerStates } from './owners';
import { type Planned, planRecords, recordPids } from './plan-records';
import { pinTagged, scanTags } from './tagged';
import { STALE_DECISIONS } from './verdict';

/** How many owner-tag passes follow the kill pass of the records: the first, then up to three while each finds someone. */
const TAG_PASSES = 4;

/** Decisions that make a record stale: it is dropped from the registry file after a real run (sweep/verdict.ts). */
const STALE: ReadonlySet<OrphanDecision> = STALE_DECISIONS;

/** Where cleanup gets its registry: a writable store for a real run, a read-only one for a dry run. */
export interface CleanupStores {
  open(): Promise<RegistryStore>;
  view(): Promise<RegistryStore>;
}

/** Decisions whose pid no tag sweep may take: a live owner's record, or one that cannot be verified. */
const KEEP_FROM_TAGS: ReadonlySet<OrphanDecision> = new Set(['owner-alive', 'unverified']);

/**
 * Startup orphan cleanup (Script Kit's cleanup_orphans, fixed): records of dead owners are
 * ended only if their identity still matches, legacy records by the legacy rule, and processes
 * that carry a dead owner's LIFELINE_OWNER tag but are in no record are found and ended too.
 * Planning here; the ending is the sweep engine's.
 */
export async function cleanupOrphans(
  owner: Owner,
  stores: CleanupStores,
  ownChildren: ReadonlySet<number>,
  dryRun: boolean,
  containment: Containment = createContainment(),
): Promise<CleanupResult> {
  const started = performance.now();
  // A dry run changes nothing: a read-only registry (corruption reported, not moved) and owners/.
  const store = await (dryRun ? stores.view() : stores.open());
  const ownersDir = openOwners(owner.layout.ownersDir, { readOnly: dryRun });
  // The registry file is read at once (one synchronous read); owners/ is listed asynchronously,
  // and meanwhile the owner cgroups are listed (synchronous, and needs neither).
  const reading = Promise.all([store.load(), scanOwners(ownersDir, owner.layout.ownersDir)]);
  const listing = listOwnerCgroups(containment);
  const [{ records, corruption }, { owners: ownerFiles, problems }] = await reading;
  for (const p of problems)
    owner.emit('state-corrupt', { path: p.path, quarantinedTo: p.quarantinedTo, reason: p.reason });
  // One pass over the process table for every record's and owner's identity (one listing).
  const refs = ownerRefs(records, ownerFiles);
  const candidates = checkableOwners(owner.ownerId, refs);
  const table = await snapshot({ pids: [...recordPids(records), ...candidates.map((r) => r.pid)] });
  const owners = await ownerStates(owner.ownerId, refs, table);
  const deadIds = [...owners.values()].filter((o) => !o.alive && o.id !== owner.ownerId).map((o) => o.id);
  const deadTags = tagOwners(new Set(deadIds), records, ownerFiles, owner.layout.stateDir);
  const livePids = new Set([...owners.values()].filter((o) => o.alive).flatMap((o) => o.pids));
  const exclude = new Set<number>([process.pid, ...livePids]);
  // A dry run's tag scan (the dead owners' exact LIFELINE_TAG prefixes in every environment,
  // over the snapshot's own listing) runs alongside the record checks; a real run sweeps tags after ending.
  const [plans, scanned] = await Promise.all([
    planRecords(records, owners, owner.ownerId, ownChildren, owner.layout, table),
    dryRun ? scanTags(deadTags, table) : new Map<string, number[]>(),
  ]);
  // Nor does a tag sweep take a pid its record left alone on purpose: a live owner's, or one that cannot be verified.
  for (const p of plans) if (p.target || KEEP_FROM_TAGS.has(p.entry.decision)) exclude.add(p.entry.pid);
  // Records that need nothing: a real run tells of them after its sweep — a thousand log lines
  // must not stand between a live orphan and its signal.
  const tellSkipped = () => {
    for (const p of plans) if (!p.target) owner.emit('orphan-skipped', skippedEvent(p.record, p.entry.reason));
  };
  if (dryRun) tellSkipped();
  const { cgroups, members } = await deadCgroups(
    containment,
    listing,
    deadIds,
    deadTags,
    records,
    ownerFiles,
    owner.layout.stateDir,
  );
  // What the cgroups hold besides the records: entries of their own (a record's pid stays one entry).
  const inRecords = new Set(plans.map((p) => p.entry.pid));
  if (dryRun) for (const p of plans) if (p.target) owner.emit('orphan-found', { pid: p.entry.pid, record: p.record });
  const fromCgroups = await CgroupEntries.plan(owner, members, inRecords);

  let tagged: OrphanEntry[];
  if (dryRun) {
    // A cgroup member is reclaimed before any tag pass runs: it is the cgroup's entry, not a tag find.
    tagged = await dryRunTagged(plans, deadTags, scanned, new Set([...exclude, ...fromCgroups.pids]), owner);
  } else {
    const byTarget = new Map(plans.filter((p) => p.target).map((p) => [toTarget(p), p]));
    const targets = [...byTarget.keys()];
    tagged = [];
    const failures: unknown[] = [];
    const reclaimed: Array<{ ownerId: string; report: ReclaimReport }> = [];
    const sweeping = sweep([targets], {
      graceMs: owner.graceMs,
      tag: { owners: deadTags, passes: TAG_PASSES, exclude },
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
      containment: {
        containment,
        paths: cgroups.map((c) => c.path),
        onReclaimed: (report) => {
          const found = cgroups.find((c) => c.path === report.path);
          if (!found) return;
          reclaimed.push({ ownerId: found.ownerId, report });
          found.members = report.units.flatMap((u) => u.members);
          found.removed = report.removed;
          found.decision = report.units.every((u) => u.empty) ? 'reclaimed' : 'failed';
        },
      },
      onError: (error, context) => owner.emit('error', { error: error as Error, context: `cleanup: ${context}` }),
      // Every record whose decision is now stale: found gone/reused/not ours when planned, or ended now.
      removeStale: async () => {
        const stale = plans.filter((p) => STALE.has(p.entry.decision)).map((p) => p.record.pid);
        // A full disk must not hide what was ended: the error is raised with the result below.
        if (stale.length > 0) await store.removeMany(stale).catch((error) => failures.push(error));
      },
    });
    try {
      await sweeping;
    } finally {
      tellSkipped();
    }
    fromCgroups.settle(reclaimed, new Set([...inRecords, ...tagged.map((t) => t.pid)]));
    const deadFiles = ownerFiles.filter((f) => deadIds.includes(f.id));
    await Promise.all(deadFiles.map((f) => ownersDir.remove(f.id).catch(() => false)));
    if (failures.length > 0) {
      const partial = result(dryRun, entriesOf(plans, fromCgroups, tagged), started, corruption, problems, cgroups);
      const cause = failures[0] as Error;
      throw new CoreError(
        'ERR_STATE_DIR',
        `cleanup ended ${partial.killed} orphan(s) but could not update ${store.path}: ${cause.message}`,
        { cause, partial },
      );
    }
  }
  return result(dryRun, entriesOf(plans, fromCgroups, tagged), started, corruption, problems, cgroups);
}

/**
 * One entry per pid: the record's; else the tag find's when a tag pass also took it (only if its
 * cgroup's reclaim did not end it first); else the cgroup's.
 */
function entriesOf(plans: Planned[], fromCgroups: CgroupEntries, tagged: OrphanEntry[]): OrphanEntry[] {
  const tagPids = new Set(tagged.map((t) => t.pid));
  return [...plans.map((p) => p.entry), ...fromCgroups.entries(tagPids), ...tagged];
}

function result(
  dryRun: boolean,
  entries: OrphanEntry[],
  started: number,
  corruption: CorruptionReport | undefined,
  problems: CorruptionReport[],
  cgroups: CgroupCleanup[],
): CleanupResult {
  return {
    dryRun,
    entries,
    killed: entries.filter((e) => e.decision === 'killed').length,
    refused: entries.filter((e) => e.decision === 'refused' || e.decision === 'failed').length,
    durationMs: performance.now() - started,
    ...(corruption ? { corruption } : {}),
    ...(problems.length > 0 ? { ownerProblems: problems } : {}),
    cgroups,
  };
}

/**
 * Dead owners' cgroups: listed under our base by name, and named in their owner files and
 * records — only names of that owner: per instance of this state directory
 * (`lifeline-<id>@<stateDirId>.…`; another state directory's instances of the same id have
 * their own) or the shared `lifeline-<id>` of earlier versions. Each starts as `would-reclaim`
 * with its members now (also returned one by one, with their unit); a real run reclaims it in
 * the sweep and settles the decision. Live owners' cgroups, a shared cgroup holding a live
 * instance's process (a member with the id but none of the dead owner's tags: `holdsForeign`)
 * and cgroups of owners this state dir does not know are never touched.
 */
async function deadCgroups(
  containment: Containment,
  listing: { unwrap(): OwnerCgroup[] },
  deadIds: string[],
  deadTags: readonly TagOwner[],
  records: ProcessRecord[],
  ownerFiles: OwnerInfo[],
  stateDir: string,
): Promise<{ cgroups: CgroupCleanup[]; members: CgroupMember[] }> {
  if (containment.info.mechanism === 'none' || deadIds.length === 0) return { cgroups: [], members: [] };
  const listed = listing.unwrap();
  const found = deadIds.flatMap((ownerId) =>
    ownerCgroups(
      ownerId,
      {
        owner: ownerFiles.filter((f) => f.id === ownerId).map((f) => f.cgroup),
        units: records.filter((r) => r.owner?.id === ownerId).map((r) => r.cgroup),
        listed: listed.filter((l) => l.ownerId === ownerId).map((l) => l.path),
      },
      { stateDirId: stateDirId(stateDir) },
    ).map((path) => ({ ownerId, path })),
  );
  const cgroups = await Promise.all(
    found.map(async ({ ownerId, path }) => {
      const units = listed.find((l) => l.path === path)?.units ?? [];
      const byUnit = await unitMembers(containment, path, units);
      const members = byUnit.flatMap((u) => u.pids);
      const prefixes = deadTags.filter((t) => t.ownerId === ownerId).map((t) => t.prefix);
      if (isSharedOwnerCgroup(path) && holdsForeign(ownerId, prefixes, members)) return null;
      const cleanup: CgroupCleanup = { ownerId, path, members, decision: 'would-reclaim', removed: false };
      return { cleanup, members: byUnit.flatMap((u) => u.pids.map((pid) => ({ pid, ownerId, unit: u.unit }))) };
    }),
  );
  const kept = cgroups.filter((c) => c !== null);
  return { cgroups: kept.map((c) => c.cleanup), members: kept.flatMap((c) => c.members) };
}

/** The owner cgroups under our base now; a failure is kept and thrown by unwrap() (when a dead owner needs the listing). */
function listOwnerCgroups(containment: Containment): { unwrap(): OwnerCgroup[] } {
  if (containment.info.mechanism === 'none') return { unwrap: () => [] };
  try {
    const listed = containment.leftovers();
    return { unwrap: () => listed };
  } catch (error) {
    return {
      unwrap: () => {
        throw error;
      },
    };
  }
}

/** owners/ entry by entry: a bad one is reported, the rest used; an unreadable owners/ is an error, never "no owners". */
async function scanOwners(
  store: ReturnType<typeof openOwners>,
  dir: string,
): Promise<{ owners: OwnerInfo[]; problems: CorruptionReport[] }> {
  try {
    return await store.scan();
  } catch (error) {
    throw new CoreError(
      'ERR_STATE_DIR',
      `cannot read ${dir}: ${(error as Error).message}; without it no owner can be told alive or dead, so nothing was ended`,
      { cause: error },
    );
  }
}

/**
 * The dead owners' tag prefixes, from their records and owner files: only prefixes of this
 * state directory, each with the owner's start time (nothing older is ever its child). An owner
 * known by no tag (a record from before tags) has no tag sweep: its id alone proves nothing.
 */
export function tagOwners(
  deadIds: ReadonlySet<string>,
  records: readonly ProcessRecord[],
  ownerFiles: readonly OwnerInfo[],
  stateDir: string,
): TagOwner[] {
  const byPrefix = new Map<string, TagOwner>();
  const add = (id: string, tag: unknown, startTime: string | null | undefined) => {
    if (deadIds.has(id) && !byPrefix.has(tag as string) && isTagOf(stateDir, tag))
      byPrefix.set(tag, { ownerId: id, prefix: tag, startTime });
  };
  for (const r of records) if (r.owner) add(r.owner.id, r.owner.tag, r.owner.start_time);
  for (const f of ownerFiles) add(f.id, f.tag, f.start_time);
  return [...byPrefix.values()];
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
    reason: `carries the LIFELINE_TAG of dead owner ${t.found?.ownerId} and is in no record`,
    source: 'owner-tag',
  };
}

/** Dry run: what carries a dead owner's tag, leaving out what the planned trees would take with them. */
async function dryRunTagged(
  plans: Planned[],
  deadTags: TagOwner[],
  scanned: ReadonlyMap<string, readonly number[]>,
  exclude: Set<number>,
  owner: Owner,
): Promise<OrphanEntry[]> {
  // Usually every tagged process is a planned record itself: then no tree needs walking.
  if (![...scanned.values()].some((pids) => pids.some((pid) => !exclude.has(pid)))) return [];
  const trees = await Promise.all(plans.filter((p) => p.target).map((p) => descendants(p.entry.pid).catch(() => [])));
  const found = await pinTagged(deadTags, scanned, new Set([...exclude, ...trees.flat()]), []);
  for (const t of found) owner.emit('orphan-found', { pid: t.pid, record: tagRecord(t) });
  return found.map(tagEntry);
}

/** A record-shaped description of a process found only by its tag, for events and the log. */
const tagRecord = (t: SweepTarget): ProcessRecord => foundRecord(t.pid, t.found?.ownerId ?? '', t.found?.identity);
