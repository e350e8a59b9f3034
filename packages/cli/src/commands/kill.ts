import type { TerminateReport } from '@lifeline/platform-kill';
import { CliError, EXIT } from '../errors.js';
import { closeManager, openManager } from '../manager.js';
import { printJson } from '../output/json.js';
import { sanitizeDeep } from '../output/sanitize.js';
import type { Handler, KillFlags } from '../program.js';
import { resolveState } from '../state.js';
import { printReport, reportFailed } from './report-lines.js';

interface KillOutcome {
  pid: number;
  outcome: 'ended' | 'refused' | 'gone' | 'failed';
  tracked: boolean;
  reason?: string;
  report?: TerminateReport;
}

/**
 * `lifeline kill <pid…> | --all`: ends tracked trees through core (identity verified), and with
 * --force-untracked also pids that have no record, through platform-kill, whose guards still
 * refuse pid <= 1, lifeline itself and its ancestors.
 */
export function killCommand(pids: number[], flags: KillFlags): Handler {
  return async (ctx) => {
    if (flags.all && pids.length > 0) throw new CliError('ERR_USAGE', 'give pids or --all, not both');
    if (!flags.all && pids.length === 0) throw new CliError('ERR_USAGE', 'give at least one pid, or --all');
    const state = await resolveState(ctx);
    const results: KillOutcome[] = [];
    if (state.exists) {
      const manager = await openManager(state.layout, { graceMs: flags.grace });
      try {
        const tracked = await manager.listTracked();
        const trackedPids = new Set(tracked.map((t) => t.record.pid));
        const live = tracked.filter((t) => t.state !== 'gone').map((t) => t.record.pid);
        const wanted = flags.all ? live : [...new Set(pids)].filter((pid) => trackedPids.has(pid));
        const ended =
          wanted.length > 0 ? await manager.killTracked(wanted, { graceMs: flags.grace, signal: flags.signal }) : [];
        results.push(...ended.map((r) => ({ ...r, tracked: true })));
        if (!flags.all)
          results.push(
            ...(await untracked(
              pids.filter((pid) => !trackedPids.has(pid)),
              flags,
            )),
          );
      } finally {
        await closeManager(manager);
      }
    } else {
      results.push(...(await untracked(pids, flags)));
    }
    if (ctx.opts.json) printJson(ctx.io, results);
    else print(ctx, sanitizeDeep(results), flags);
    const failed = results.some((r) => r.outcome === 'refused' || r.outcome === 'failed' || reportFailed(r.report));
    return failed ? EXIT.failed : EXIT.ok;
  };
}

async function untracked(pids: number[], flags: KillFlags): Promise<KillOutcome[]> {
  const unique = [...new Set(pids)];
  if (!flags.forceUntracked) {
    return unique.map((pid) => ({
      pid,
      tracked: false,
      outcome: 'refused' as const,
      reason: 'not a tracked process (pass --force-untracked to end it anyway)',
    }));
  }
  const pk = await import('@lifeline/platform-kill');
  return Promise.all(
    unique.map(async (pid): Promise<KillOutcome> => {
      const protectedReason = pk.checkSignalable(pid);
      if (protectedReason) return { pid, tracked: false, outcome: 'refused', reason: protectedReason };
      try {
        const report = await pk.terminate({ pid, tree: true }, { graceMs: flags.grace, signal: flags.signal });
        const root = report.processes.find((p) => p.pid === pid);
        if (root?.outcome === 'refused')
          return { pid, tracked: false, outcome: 'refused', reason: root.reason, report };
        if (root?.outcome === 'gone' || root?.outcome === 'exited')
          return { pid, tracked: false, outcome: 'gone', report };
        return { pid, tracked: false, outcome: reportFailed(report) ? 'failed' : 'ended', report };
      } catch (error) {
        return { pid, tracked: false, outcome: 'failed', reason: (error as Error).message };
      }
    }),
  );
}

function print(ctx: import('../context.js').Context, results: KillOutcome[], flags: KillFlags): void {
  const c = ctx.colors;
  if (results.length === 0) ctx.out('Nothing to end: no tracked process is running.');
  for (const r of results) {
    const what = r.tracked ? 'tracked' : 'untracked';
    const head =
      r.outcome === 'ended'
        ? c.green('ended')
        : r.outcome === 'gone'
          ? c.dim(`already gone${r.reason ? ` (${r.reason})` : ''}`)
          : c.red(`${r.outcome}${r.reason ? `: ${r.reason}` : ''}`);
    ctx.out(`pid ${r.pid} (${what}): ${head}`);
    if (r.report) printReport(ctx, r.report, flags.signal);
  }
}
