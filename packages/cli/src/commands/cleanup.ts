import type { CgroupCleanup, CleanupResult, OrphanEntry } from '@lifeline/core';
import type { StateLayout } from '@lifeline/persistence';
import type { Context } from '../context.js';
import { EXIT } from '../errors.js';
import { closeManager, openManager, withReadOnlyManager } from '../manager.js';
import { formatMs } from '../output/format.js';
import { printJson } from '../output/json.js';
import { sanitize, sanitizeDeep } from '../output/sanitize.js';
import type { Handler } from '../program.js';
import { resolveState } from '../state/resolve.js';
import { warnCorruption } from './shared.js';
import { removeStaleFiles } from './stale-files.js';

/** How long an orphan has between SIGTERM and SIGKILL (core's default). */
const GRACE_MS = 3000;

/** `lifeline cleanup [--dry-run]`: core's orphan cleanup, one line per record with its decision and reason. */
export function cleanupCommand(flags: { dryRun: boolean }): Handler {
  return async (ctx) => {
    const state = await resolveState(ctx);
    if (!state.exists) {
      if (ctx.opts.json) printJson(ctx.io, { dryRun: flags.dryRun, entries: [], killed: 0, durationMs: 0 });
      else ctx.out(`Nothing to clean up: ${state.layout.stateDir} does not exist.`);
      return EXIT.ok;
    }
    let outcome: Awaited<ReturnType<typeof realRun>>;
    try {
      outcome = flags.dryRun ? await dryRun(state.layout) : await realRun(ctx, state.layout);
    } catch (error) {
      // What was done before the failure (orphans ended before a full disk) is said first.
      const partial = (error as { partial?: CleanupResult }).partial;
      if (partial && !ctx.opts.json) for (const entry of sanitizeDeep(partial.entries)) ctx.out(line(ctx, entry));
      if (partial && ctx.opts.json) printJson(ctx.io, partial);
      throw error;
    }
    const { result, staleFiles } = outcome;
    if (result.corruption) warnCorruption(ctx, result.corruption);
    for (const problem of result.ownerProblems ?? []) warnCorruption(ctx, problem);
    // A refusal (a protected pid) or a failure (still alive) is never "all clear", in a dry run too.
    const failed =
      result.entries.some((e) => e.decision === 'failed' || e.decision === 'refused') ||
      (result.cgroups ?? []).some((g) => g.decision === 'failed');
    if (ctx.opts.json) printJson(ctx.io, { ...result, staleFiles });
    else {
      // Records (names, script paths) and reasons come from the registry: made inert first.
      for (const entry of sanitizeDeep(result.entries)) ctx.out(line(ctx, entry));
      for (const f of sanitizeDeep(staleFiles)) {
        const verb = f.removed ? 'removed' : flags.dryRun ? 'would remove' : 'kept';
        ctx.out(`${String(f.pid).padStart(7)}  ${ctx.colors.dim(verb.padEnd(12))} ${f.path}: its holder is gone`);
      }
      for (const g of sanitizeDeep(result.cgroups ?? [])) ctx.out(cgroupLine(ctx, g));
      ctx.out(summary(result.entries, result.killed, result.durationMs, flags.dryRun));
    }
    return failed ? EXIT.failed : EXIT.ok;
  };
}

/**
 * The dry run: core's own planner (the very decisions a real run makes) on a private copy of the
 * state files, with no logger, so it changes no file — not the log, not a corrupt registry.
 */
function dryRun(layout: StateLayout) {
  return withReadOnlyManager(layout, async (manager, toReal) => {
    const result = await manager.cleanupOrphans({ dryRun: true });
    const staleFiles = (await removeStaleFiles(manager.layout, true)).map((f) => ({ ...f, path: toReal(f.path) }));
    const corruption = result.corruption && {
      ...result.corruption,
      path: toReal(result.corruption.path),
      quarantinedTo: '',
    };
    return { result: { ...result, ...(corruption ? { corruption } : {}) }, staleFiles };
  });
}

async function realRun(ctx: Context, layout: StateLayout) {
  const manager = await openManager(layout, { graceMs: GRACE_MS });
  // Said at once, as core decides to end each orphan: the grace period of one that ignores
  // SIGTERM is otherwise silent.
  manager.on('orphan-found', ({ pid, record }) => {
    const at = new Date(Date.now() + GRACE_MS).toTimeString().slice(0, 8);
    const what = sanitize(record.name ?? record.script_path);
    ctx.err(
      `pid ${pid} ${what}: orphan, sending SIGTERM; SIGKILL at ${at} (after ${formatMs(GRACE_MS)}) if still alive`,
    );
  });
  let result: CleanupResult;
  try {
    result = await manager.cleanupOrphans({ dryRun: false });
  } finally {
    await closeManager(manager);
  }
  // Only once no orphan is left: a stale PID file is how the next instance knows what crashed.
  const failed = result.entries.some((e) => e.decision === 'failed');
  const staleFiles = failed ? [] : await removeStaleFiles(layout, false);
  return { result, staleFiles };
}

function line(ctx: Context, e: OrphanEntry): string {
  const c = ctx.colors;
  const color =
    e.decision === 'killed' || e.decision === 'would-kill' || e.decision === 'unverified'
      ? c.yellow
      : e.decision === 'failed' || e.decision === 'refused'
        ? c.red
        : c.dim;
  const what = e.record
    ? ` ${e.record.name ?? e.record.script_path}`
    : e.source === 'owner-tag'
      ? ' (found by owner tag)'
      : e.source === 'cgroup'
        ? ' (found in a dead owner’s cgroup)'
        : '';
  return `${String(e.pid).padStart(7)}  ${color(e.decision.padEnd(12))}${what}: ${e.reason}`;
}

/** A dead owner's cgroup: every member in it (escaped or not) and what was done. */
function cgroupLine(ctx: Context, g: CgroupCleanup): string {
  const color = g.decision === 'failed' ? ctx.colors.red : ctx.colors.yellow;
  const removed = g.removed ? ', removed' : '';
  return `${'cgroup'.padStart(7)}  ${color(g.decision.padEnd(12))} ${g.path}: owner ${g.ownerId} is gone, ${g.members.length} process(es)${removed}`;
}

function summary(entries: OrphanEntry[], killed: number, durationMs: number, dryRun: boolean): string {
  if (entries.length === 0) return 'No orphans: nothing to clean up.';
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.decision, (counts.get(e.decision) ?? 0) + 1);
  const parts = [...counts].map(([decision, n]) => `${n} ${decision}`).join(', ');
  const tail = dryRun ? ' (dry run: nothing was signalled)' : `, ${killed} ended in ${formatMs(durationMs)}`;
  return `${entries.length} record(s): ${parts}${tail}`;
}
