import { type TerminateReport, type TerminateTarget, terminate, terminateAll } from '@lifeline/platform-kill';
import type { Context, Entry } from './context';
import { groupHasMembers } from './group';
import type { KillOptions } from './types';

export function emptyReport(target: TerminateTarget): TerminateReport {
  return { target, escalated: false, durationMs: 0, processes: [], survivors: [] };
}

/**
 * What to end for a child: its tree, pinned to the identity read at spawn, while the leader
 * lives; once the leader has exited (its pid may be reused) only the group it left behind.
 */
export async function targetFor(entry: Entry): Promise<TerminateTarget | null> {
  const identity = await entry.identityRead;
  if (entry.exit) {
    return entry.info.pgid !== null && groupHasMembers(entry) ? { pgid: entry.info.pgid, tree: true } : null;
  }
  // No identity but no exit event yet: the pid is still our unreaped child, so it cannot be reused.
  const expect = identity ? { pid: identity.pid, startTime: identity.startTime, bootId: identity.bootId } : undefined;
  return { pid: entry.info.pid, expect, tree: true };
}

export function reportEvents(ctx: Context, entry: Entry, report: TerminateReport, graceMs: number): void {
  if (report.escalated)
    ctx.emit('escalated', { pid: entry.info.pid, pgid: entry.info.pgid, signal: 'SIGKILL', afterMs: graceMs });
  ctx.emit('killed', { pid: entry.info.pid, report });
}

/**
 * End one child's tree; resolve once terminate confirmed it dead and (then) it left the in-memory
 * registry. Its durable removal is queued by the exit path (manager.flush() waits for it).
 */
export async function killEntry(ctx: Context, entry: Entry, options: KillOptions = {}): Promise<TerminateReport> {
  const graceMs = options.graceMs ?? ctx.graceMs;
  const signal = options.signal ?? 'SIGTERM';
  const target = await targetFor(entry);
  if (!target) {
    await entry.done.catch(() => undefined);
    return emptyReport({ pid: entry.info.pid });
  }
  ctx.emit('signalled', { pid: entry.info.pid, pgid: entry.info.pgid, signal });
  const pending = terminate(target, { graceMs, signal });
  entry.killing = pending.catch(() => undefined);
  const report = await pending;
  reportEvents(ctx, entry, report, graceMs);
  // The record goes only after confirmed death, through the exit path (never before, unlike the spec).
  if (report.survivors.length === 0) await entry.done.catch(() => undefined);
  return report;
}

/** End every child in parallel: one terminateAll call, one shared wait loop. */
export async function killEntries(
  ctx: Context,
  entries: Entry[],
  options: KillOptions = {},
): Promise<TerminateReport[]> {
  const graceMs = options.graceMs ?? ctx.graceMs;
  const signal = options.signal ?? 'SIGTERM';
  const targets = await Promise.all(entries.map(targetFor));
  const live = entries.flatMap((entry, i) => {
    const target = targets[i];
    return target ? [{ entry, target }] : [];
  });
  for (const { entry } of live) ctx.emit('signalled', { pid: entry.info.pid, pgid: entry.info.pgid, signal });
  const pending =
    live.length > 0
      ? terminateAll(
          live.map((l) => l.target),
          { graceMs, signal },
        )
      : Promise.resolve([]);
  live.forEach(({ entry }, i) => {
    entry.killing = pending.then(
      (reports) => reports[i],
      () => undefined,
    );
  });
  const reports = await pending;
  const byEntry = new Map<Entry, TerminateReport>();
  live.forEach(({ entry }, i) => {
    const report = reports[i] ?? emptyReport(live[i]!.target);
    byEntry.set(entry, report);
    reportEvents(ctx, entry, report, graceMs);
  });
  await Promise.all(
    entries.map((entry) => {
      const report = byEntry.get(entry);
      return report && report.survivors.length > 0 ? undefined : entry.done.catch(() => undefined);
    }),
  );
  return entries.map((entry) => byEntry.get(entry) ?? emptyReport({ pid: entry.info.pid }));
}
