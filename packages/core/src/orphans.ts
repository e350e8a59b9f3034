import { type OwnerInfo, openOwners, type ProcessRecord } from '@lifeline/persistence';
import {
  capabilities,
  descendants,
  findByOwnerTag,
  identify,
  type TerminateReport,
  terminateAll,
} from '@lifeline/platform-kill';
import type { Context } from './context';
import { type Planned, planRecords, STALE } from './orphan-plan';
import { ownerStates } from './owners';
import { expectedOfIdentity } from './records';
import { startTimeToDate } from './start-time';
import type { CleanupResult, OrphanEntry } from './types';

/**
 * Startup orphan cleanup (the spec's cleanup_orphans, fixed): records of dead owners are ended
 * only if their identity still matches, legacy records by the legacy rule, and processes that
 * carry a dead owner's LIFELINE_OWNER tag but are in no record are found and ended too.
 */
/** How many extra owner-tag scans may follow the kill pass, each only while the last found someone. */
const LATE_SWEEPS = 3;

export async function cleanupOrphans(ctx: Context, dryRun: boolean): Promise<CleanupResult> {
  const started = performance.now();
  const store = await ctx.store();
  const ownersDir = openOwners(ctx.layout.ownersDir);
  // Independent reads: the registry file and the owner files at the same time.
  const [{ records, corruption }, ownerFiles] = await Promise.all([
    store.load(),
    ownersDir.list().catch((): OwnerInfo[] => []),
  ]);
  const owners = await ownerStates(ctx.ownerId, records, ownerFiles);
  const deadIds = [...owners.values()].filter((o) => !o.alive && o.id !== ctx.ownerId).map((o) => o.id);
  const livePids = new Set([...owners.values()].filter((o) => o.alive).flatMap((o) => o.pids));
  // The tag scan (a pass over every process's environment) runs alongside the record checks.
  const [plans, scanned] = await Promise.all([
    planRecords(records, owners, ctx.ownerId, new Set(ctx.entries.keys()), ctx.layout),
    scanTags(deadIds),
  ]);
  // Phase 1: the registry's records. Phase 2: whatever still carries a dead owner's tag
  // (each re-identified now, so what phase 1 ended is skipped as gone).
  await act(ctx, plans, dryRun);
  const tagged = await planTagged(scanned, plans, livePids, dryRun);
  await act(ctx, tagged, dryRun);
  const late: Planned[] = [];
  if (!dryRun) {
    // A tree still starting its children while it was being ended can leave a late child that no
    // snapshot saw (its parent died after forking it); it still carries the dead owner's tag.
    // Scan again until a pass finds nothing new, bounded.
    for (let pass = 0; pass < LATE_SWEEPS && deadIds.length > 0; pass++) {
      const again = await planTagged(await scanTags(deadIds), [...plans, ...tagged, ...late], livePids, false);
      if (again.length === 0) break;
      await act(ctx, again, false);
      late.push(...again);
    }
  }

  const entries = [...plans, ...tagged, ...late].map((p) => p.entry);
  if (!dryRun) {
    const stale = plans.filter((p) => STALE.has(p.entry.decision)).map((p) => p.record.pid);
    if (stale.length > 0) await store.removeMany(stale);
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

async function act(ctx: Context, plans: Planned[], dryRun: boolean): Promise<void> {
  const toEnd = plans.filter((p) => p.target);
  for (const p of plans) {
    if (p.target) ctx.emit('orphan-found', { pid: p.entry.pid, record: p.record });
    else ctx.emit('orphan-skipped', { pid: p.entry.pid, record: p.record, reason: p.entry.reason });
  }
  if (dryRun || toEnd.length === 0) return;
  const reports = await terminateAll(
    toEnd.map((p) => p.target!),
    { graceMs: ctx.graceMs },
  );
  toEnd.forEach((p, i) => {
    const report = reports[i]!;
    p.entry.report = report;
    Object.assign(p.entry, decide(report, p.entry.pid));
    if (p.entry.decision === 'killed') ctx.emit('orphan-killed', { pid: p.entry.pid, record: p.record, report });
    else ctx.emit('orphan-skipped', { pid: p.entry.pid, record: p.record, reason: p.entry.reason });
  });
}

function decide(report: TerminateReport, pid: number): Pick<OrphanEntry, 'decision' | 'reason'> {
  const main = report.processes.find((p) => p.pid === pid);
  if (report.survivors.length > 0)
    return { decision: 'failed', reason: `still alive after the force signal: ${report.survivors.join(', ')}` };
  if (main?.outcome === 'refused') return { decision: 'refused', reason: main.reason ?? 'protected process' };
  if (main?.outcome === 'failed') return { decision: 'failed', reason: main.error?.message ?? 'signalling failed' };
  if (main?.outcome === 'gone')
    return main.reason?.includes('reused')
      ? { decision: 'reused', reason: main.reason }
      : { decision: 'already-gone', reason: main.reason ?? 'exited before it was signalled' };
  const forced = report.escalated ? ' (force signal needed)' : '';
  return { decision: 'killed', reason: `ended ${report.processes.length} process(es)${forced}` };
}

/** Pids carrying each dead owner's LIFELINE_OWNER value, where the platform can tell. */
async function scanTags(deadIds: string[]): Promise<Map<string, number[]>> {
  if (!capabilities.ownerTags) return new Map();
  const found = await Promise.all(deadIds.map((id) => findByOwnerTag(id).catch(() => [] as number[])));
  return new Map(deadIds.map((id, i) => [id, found[i] ?? []]));
}

/** Live processes tagged with a dead owner's id and in no planned tree (crash between spawn and persist, daemonized grandchildren). */
async function planTagged(scanned: Map<string, number[]>, plans: Planned[], livePids: Set<number>, dryRun: boolean) {
  if (scanned.size === 0) return [];
  const exclude = new Set<number>([process.pid, ...livePids]);
  for (const p of plans) if (p.target || p.entry.decision === 'owner-alive') exclude.add(p.entry.pid);
  const candidates = new Map<string, number[]>();
  for (const [ownerId, pids] of scanned) {
    const left = pids.filter((pid) => !exclude.has(pid));
    if (left.length > 0) candidates.set(ownerId, left);
  }
  // Usually every tagged process is a planned record itself: then no tree needs walking.
  if (candidates.size === 0) return [];
  if (dryRun) {
    // Nothing was ended in phase 1, so leave out what those trees will take with them.
    const trees = await Promise.all(plans.filter((p) => p.target).map((p) => descendants(p.entry.pid).catch(() => [])));
    for (const pid of trees.flat()) exclude.add(pid);
  }
  const found: Planned[] = [];
  for (const [ownerId, pids] of candidates) {
    const identities = await Promise.all(
      pids.filter((pid) => !exclude.has(pid)).map((pid) => identify(pid).catch(() => null)),
    );
    for (const identity of identities) {
      if (!identity || identity.state === 'zombie') continue;
      exclude.add(identity.pid);
      const record = tagRecord(identity, ownerId);
      found.push({
        record,
        entry: {
          record: null,
          pid: identity.pid,
          decision: 'would-kill',
          reason: `carries LIFELINE_OWNER=${ownerId} of a dead owner and is in no record`,
          source: 'owner-tag',
        },
        target: { pid: identity.pid, expect: expectedOfIdentity(identity), tree: true },
      });
    }
  }
  return found;
}

/** A record-shaped description of a process found only by its tag, for events and the log. */
function tagRecord(
  identity: { pid: number; command: string; startTime: string; bootId: string | null; pgid: number | null },
  ownerId: string,
): ProcessRecord {
  return {
    pid: identity.pid,
    script_path: identity.command,
    started_at: (startTimeToDate(identity.startTime) ?? new Date()).toISOString(),
    pgid: identity.pgid,
    start_time: identity.startTime,
    boot_id: identity.bootId,
    command: identity.command,
    owner: { id: ownerId, pid: 0 },
  };
}
