import type { StateLayout } from '@lifeline/persistence';
import type { TerminateReport } from '@lifeline/platform-kill';
import type { Context } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { closeManager, openManager } from '../manager.js';
import { formatMs } from '../output/format.js';
import { printJson } from '../output/json.js';
import { sanitizeDeep } from '../output/sanitize.js';
import type { KillTarget } from '../parse.js';
import type { Handler, KillFlags } from '../program.js';
import { resolveState } from '../state/resolve.js';
import { resolveTargets } from './kill-targets.js';
import { printReport, reportFailed } from './report-lines.js';
import { warnCorruption } from './shared.js';

interface KillOutcome {
  pid: number;
  outcome: 'ended' | 'refused' | 'gone' | 'failed';
  tracked: boolean;
  /** The name it was asked for by (`lifeline kill web`). */
  name?: string;
  reason?: string;
  report?: TerminateReport;
}

/**
 * `lifeline kill <pid|name…> | --all`: ends tracked trees through core (identity verified), and
 * with --force-untracked also pids that have no record, through platform-kill, whose guards
 * still refuse pid <= 1, lifeline itself and its ancestors. Names are resolved first; a name
 * that matches no process or several ends nothing at all.
 */
export function killCommand(targets: KillTarget[], flags: KillFlags): Handler {
  return async (ctx) => {
    if (flags.all && targets.length > 0) throw new CliError('ERR_USAGE', 'give pids or names, or --all, not both');
    if (!flags.all && targets.length === 0) throw new CliError('ERR_USAGE', 'give at least one pid or name, or --all');
    const state = await resolveState(ctx);
    const resolved = await resolveTargets(targets, state);
    if (!resolved.ok) {
      for (const problem of resolved.problems) ctx.err(`${ctx.errColors.red('error:')} ${problem}`);
      ctx.err('nothing was signalled');
      return resolved.ambiguous ? EXIT.usage : EXIT.failed;
    }
    const { pids, names } = resolved;
    const results: KillOutcome[] = [];
    if (state.exists) {
      const manager = await openManager(state.layout, { graceMs: flags.grace });
      try {
        const tracked = await manager.listTracked();
        // --all ends what the registry lists: a corrupt registry may list less, and must be said.
        if (flags.all) await warnIfCorrupt(ctx, state.layout);
        const trackedPids = new Set(tracked.map((t) => t.record.pid));
        const live = tracked.filter((t) => t.state !== 'gone').map((t) => t.record.pid);
        const wanted = flags.all ? live : pids.filter((pid) => trackedPids.has(pid));
        if (wanted.length > 0) announce(ctx, wanted, flags);
        const ended =
          wanted.length > 0 ? await manager.killTracked(wanted, { graceMs: flags.grace, signal: flags.signal }) : [];
        results.push(...ended.map((r) => ({ ...r, tracked: true, ...nameOf(names, r.pid) })));
        if (!flags.all)
          results.push(
            ...(await untracked(
              ctx,
              pids.filter((pid) => !trackedPids.has(pid)),
              flags,
            )),
          );
      } finally {
        await closeManager(manager);
      }
    } else {
      results.push(...(await untracked(ctx, pids, flags)));
    }
    if (ctx.opts.json) printJson(ctx.io, results);
    else print(ctx, sanitizeDeep(results), flags);
    const failed = results.some((r) => r.outcome === 'refused' || r.outcome === 'failed' || reportFailed(r.report));
    return failed ? EXIT.failed : EXIT.ok;
  };
}

/**
 * Said at once, on stderr (stdout stays the report, or JSON): what is sent now and when the
 * force step comes, so a SIGTERM-ignoring process does not mean a silent grace period.
 */
function announce(ctx: Context, pids: number[], flags: KillFlags): void {
  const at = new Date(Date.now() + flags.grace).toTimeString().slice(0, 8);
  const what = pids.length === 1 ? `pid ${pids[0]}` : `${pids.length} processes (${pids.join(', ')})`;
  ctx.err(
    `sending ${flags.signal} to ${what} and their trees; SIGKILL at ${at} (after ${formatMs(flags.grace)}) to whatever is still alive`,
  );
}

const NO_SUCH_PROCESS = 'no such process';

/** Reads the registry read-only (nothing moved) and warns when it is corrupt. */
async function warnIfCorrupt(ctx: Context, layout: StateLayout): Promise<void> {
  const { openRegistry } = await import('@lifeline/persistence');
  const { corruption } = await openRegistry({ path: layout.registryFile, readOnly: true }).load();
  if (corruption) warnCorruption(ctx, corruption);
}

const nameOf = (names: Map<number, string>, pid: number) => {
  const name = names.get(pid);
  return name === undefined ? {} : { name };
};

async function untracked(ctx: Context, pids: number[], flags: KillFlags): Promise<KillOutcome[]> {
  const unique = [...new Set(pids)];
  const pk = await import('@lifeline/platform-kill');
  // A pid with no process behind it is not "untracked": there is nothing to end.
  const exists = await Promise.all(
    unique.map((pid) =>
      pk.identify(pid).then(
        (id) => id !== null,
        () => true,
      ),
    ),
  );
  const missing = unique.filter((_, i) => !exists[i]);
  const present = unique.filter((_, i) => exists[i]);
  const none = missing.map((pid): KillOutcome => ({ pid, tracked: false, outcome: 'failed', reason: NO_SUCH_PROCESS }));
  if (!flags.forceUntracked) {
    return [
      ...none,
      ...present.map((pid) => ({
        pid,
        tracked: false,
        outcome: 'refused' as const,
        reason: 'not a tracked process (pass --force-untracked to end it anyway)',
      })),
    ];
  }
  if (present.length > 0) announce(ctx, present, flags);
  return [...none, ...(await forceUntracked(pk, present, flags))];
}

async function forceUntracked(
  pk: typeof import('@lifeline/platform-kill'),
  unique: number[],
  flags: KillFlags,
): Promise<KillOutcome[]> {
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

function print(ctx: Context, results: KillOutcome[], flags: KillFlags): void {
  const c = ctx.colors;
  if (results.length === 0) ctx.out('Nothing to end: no tracked process is running.');
  for (const r of results) {
    if (!r.tracked && r.reason === NO_SUCH_PROCESS) {
      ctx.out(`pid ${r.pid}: ${c.red(NO_SUCH_PROCESS)}`);
      continue;
    }
    const what = r.tracked ? 'tracked' : 'untracked';
    const head =
      r.outcome === 'ended'
        ? c.green('ended')
        : r.outcome === 'gone'
          ? c.dim(`already gone${r.reason ? ` (${r.reason})` : ''}`)
          : c.red(`${r.outcome}${r.reason ? `: ${r.reason}` : ''}`);
    ctx.out(`pid ${r.pid}${r.name ? ` ${r.name}` : ''} (${what}): ${head}`);
    if (r.report) printReport(ctx, r.report, flags.signal);
  }
}
