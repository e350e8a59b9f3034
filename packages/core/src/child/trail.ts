import { capabilities, findByEnvValue, identify, type TerminateReport, terminateAll } from '@lifeline/platform-kill';
import { expectedOfIdentity } from '../identity';
import { TAG_ENV } from '../protocol/owner-child';
import { startedBefore } from '../sweep/owner-tag';

/**
 * The fallback trail (no containment unit): after kill()/killAll() ended children's trees,
 * what still carries one of those children's own LIFELINE_TAG value — a grandchild that
 * double-forked out of the tree and the group — is ended too, and listed in that child's report
 * (its processes, and its survivors if it would not die). One pass over the process table for
 * all of them; each pinned to the identity read now. Linux (where environments are readable).
 */
export async function endTrails(
  trails: ReadonlyArray<{ tag: string | null; report: TerminateReport; startTime?: string | null }>,
  options: { graceMs: number; signal?: NodeJS.Signals },
): Promise<void> {
  const wanted = trails.filter(
    (t): t is { tag: string; report: TerminateReport; startTime?: string | null } => t.tag !== null,
  );
  if (!capabilities.ownerTags || wanted.length === 0) return;
  const found = await findByEnvValue(
    TAG_ENV,
    wanted.map((t) => t.tag),
  ).catch(() => new Map<string, number[]>());
  if (found.size === 0) return;
  const jobs = await Promise.all(
    wanted.map(async ({ tag, report, startTime }) => {
      const pids = (found.get(tag) ?? []).filter((pid) => pid !== process.pid);
      const identities = await Promise.all(pids.map((pid) => identify(pid).catch(() => null)));
      // Never something older than the child: it cannot be its descendant, whatever it carries.
      const live = identities.filter(
        (id) => id !== null && id.state !== 'zombie' && id.state !== 'dead' && !startedBefore(id.startTime, startTime),
      );
      return { report, targets: live.map((id) => ({ pid: id!.pid, expect: expectedOfIdentity(id!), tree: true })) };
    }),
  );
  const all = jobs.flatMap((j) => j.targets);
  if (all.length === 0) return;
  const reports = await terminateAll(all, { graceMs: options.graceMs, signal: options.signal });
  let i = 0;
  for (const { report, targets } of jobs) {
    for (const _ of targets) {
      const extra = reports[i++];
      if (!extra) continue;
      const listed = new Set(report.processes.map((p) => p.pid));
      report.processes.push(...extra.processes.filter((p) => !listed.has(p.pid)));
      report.survivors.push(...extra.survivors.filter((pid) => !report.survivors.includes(pid)));
      if (extra.escalated) report.escalated = true;
    }
  }
}
