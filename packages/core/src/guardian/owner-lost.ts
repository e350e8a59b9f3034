import type { ProcessRecord } from '@lifeline/persistence';
import { createContainment, type ExpectedIdentity, liveness } from '@lifeline/platform-kill';
import { expectedOf, type PinnedRef, sameRecorded } from '../identity';
import { holdsForeign, instanceOf, isSharedOwnerCgroup, ownerCgroups, ownerMembers } from '../sweep/contained';
import { sweep } from '../sweep/engine';
import { findTagged } from '../sweep/tagged';
import type { RecordCopy } from './copy';
import type { GuardianLog } from './log';
import type { GuardianConfig } from './protocol';
import { readRegistry, removeRecords, settleOwnerFiles } from './state-files';
import { fromRecords } from './targets';

/** How many extra owner-tag sweeps may follow the kill pass, each only while the last found someone. */
const LATE_SWEEPS = 3;

/**
 * The owner's pipe reached EOF without a shutdown line. End every tree it knows of, in three
 * concurrent batches of the sweep engine so the first signals go out at once: its own copy of
 * the records, then what carries the owner's tag, then the persisted registry's records of this
 * owner (the file is read only now); then the tag again until a pass finds nothing new. Then
 * remove the records of what was ended and settle the owner's files. Returns the exit code.
 */
export async function ownerLost(
  config: GuardianConfig,
  copy: RecordCopy,
  lineage: Promise<ExpectedIdentity[]>,
  log: GuardianLog,
  tag?: string,
): Promise<number> {
  const started = performance.now();
  const owner = expectedOf(config.owner);
  if (!(await ownerIsDead(owner))) {
    // Someone closed our pipe while the owner lives (an exec, a bug): ending its children would be wrong.
    log('guardian-exited', { reason: 'pipe closed while the owner still runs; nothing ended' }, 'warn');
    return 0;
  }
  log('owner-lost', { ownerPid: owner.pid, known: copy.records.size, reason: 'end of the owner pipe' }, 'warn');
  const taken = new Set<number>();
  const fromCopy = fromRecords(copy.records.values(), 'copy', taken);
  const owners = tag ? [{ ownerId: config.ownerId, prefix: tag, startTime: config.owner.start_time }] : [];
  const tagged = lineage.then((ids) => findTagged(owners, new Set(taken), ids));
  const registryRead = readRegistry(config, log);
  const fromFile = registryRead.then((registry) => fromRecords(registry?.records ?? [], 'registry', taken));
  let removed = 0;
  let endedMs = 0;
  const cgroups = ownerCgroupsOf(config, copy, tag);
  let reclaimed = 0;
  let cgroupsLeft = 0;
  const results = await sweep([fromCopy, tagged, fromFile], {
    graceMs: config.graceMs,
    // The owner is verified dead: its cgroups (every child and all they started, escaped or not) go at once.
    ...(cgroups
      ? {
          containment: {
            ...cgroups,
            onReclaimed: (report) => {
              for (const unit of report.units) {
                reclaimed += unit.members.length;
                if (!unit.empty) cgroupsLeft++;
              }
              if (!report.removed) cgroupsLeft++;
              log('orphan-killed', {
                cgroup: report.path,
                units: report.units.length,
                members: report.units.flatMap((u) => u.members),
                forced: report.units.some((u) => u.forced !== null),
                removed: report.removed,
              });
            },
          },
        }
      : {}),
    tag: { owners, passes: LATE_SWEEPS, protect: lineage },
    onError: (error, context) => log('error', { context, err: String(error) }, 'error'),
    // A record goes when the process it names was confirmed ended (whichever batch ended it),
    // matched by start time so a newer record for a reused pid stays.
    removeStale: async (stale) => {
      endedMs = performance.now() - started;
      const ended = new Map<number, PinnedRef>();
      for (const { planned, complete } of stale)
        if (complete)
          ended.set(planned.pid, { pid: planned.pid, start_time: planned.target.expect?.startTime ?? null });
      const registry = await registryRead;
      const endedRecords = [...copy.records.values(), ...(registry?.records ?? [])].filter((r: ProcessRecord) => {
        const e = ended.get(r.pid);
        return e !== undefined && sameRecorded(e, r);
      });
      removed = await removeRecords(registry, endedRecords, config, log);
    },
  });
  // Never signalled: the record's identity cannot be verified (the one rule's `unverifiable`).
  const skipped = results.filter((r) => r.outcome === 'unverified');

  let escalated = 0;
  const survivors: number[] = [];
  const processes = new Set<number>();
  for (const { planned, report, outcome } of results) {
    if (outcome === 'unverified') continue;
    if (report?.escalated) escalated++;
    survivors.push(...(report?.survivors ?? []));
    for (const p of report?.processes ?? []) if (p.outcome !== 'gone') processes.add(p.pid);
    log('orphan-killed', {
      pid: planned.pid,
      source: planned.source,
      script: planned.record?.script_path,
      escalated: report?.escalated ?? false,
      durationMs: report?.durationMs,
      processes: report?.processes.length ?? 0,
      outcomes: report?.processes.map((p) => `${p.pid}:${p.outcome}`),
      ...(report && report.survivors.length > 0 ? { survivors: report.survivors } : {}),
    });
  }
  for (const s of skipped)
    log(
      'orphan-skipped',
      { pid: s.planned.pid, source: s.planned.source, verdict: s.outcome, reason: s.reason },
      'warn',
    );
  const clean =
    survivors.length === 0 && skipped.length === 0 && cgroupsLeft === 0 && results.every((r) => r.report !== null);
  await settleOwnerFiles(config, clean, log);
  log('guardian-exited', {
    reason: 'owner lost',
    targets: results.length,
    ended: processes.size,
    escalated,
    recordsRemoved: removed,
    ...(cgroups ? { contained: reclaimed } : {}),
    ...(survivors.length > 0 ? { survivors } : {}),
    endedMs: Math.round(endedMs * 10) / 10,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
  });
  return clean ? 0 : 1;
}

/**
 * The dead owner's cgroups: its own instance's (`lifeline-<id>@<instance>`, the name in its
 * config: no other instance ever shares it), and the shared `lifeline-<id>` of earlier versions —
 * named in its config and records, or listed under our base. A shared one that holds a process
 * of another instance with the same id (another state directory's: `holdsForeign`) is left
 * alone, its own orphans there are found by their tag.
 */
function ownerCgroupsOf(config: GuardianConfig, copy: RecordCopy, tag: string | undefined) {
  const units = [...copy.records.values()].map((r) => r.cgroup);
  if (!config.cgroup && !units.some(Boolean)) return null;
  const containment = createContainment();
  if (containment.info.mechanism === 'none') return null;
  const leftovers = containment.leftovers(config.ownerId);
  const instance = instanceOf(config.cgroup);
  const candidates = ownerCgroups(
    config.ownerId,
    { owner: [config.cgroup], units, listed: leftovers.map((o) => o.path) },
    // An owner with a per-instance cgroup made only that one: the shared name is another instance's.
    instance === undefined ? {} : { instance, shared: false },
  );
  if (candidates.length === 0) return null;
  const prefixes = tag ? [tag] : [];
  const paths = (async () => {
    const kept = await Promise.all(
      candidates.map(async (path) => {
        if (!isSharedOwnerCgroup(path)) return path;
        const members = await ownerMembers(containment, path, leftovers.find((o) => o.path === path)?.units ?? []);
        return holdsForeign(config.ownerId, prefixes, members) ? null : path;
      }),
    );
    return kept.filter((p): p is string => p !== null);
  })();
  return { containment, paths };
}

/**
 * EOF arrives while the kernel is still tearing the owner down (its files close before it
 * becomes a zombie), so a live reading right then is normal: look again for up to 2 s.
 */
async function ownerIsDead(owner: ExpectedIdentity): Promise<boolean> {
  const deadline = performance.now() + 2_000;
  for (;;) {
    const state = await liveness(owner.pid, owner).catch(() => 'alive' as const);
    // An owner that cannot be proven gone (unverified) is treated as alive: never end a live owner's children.
    if (state !== 'alive' && state !== 'unverified') return true;
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}
