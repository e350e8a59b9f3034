/**
 * The one sweep engine: every place that ends processes it does not hold as live children
 * (startup cleanup, shutdown's tag sweep, the guardian after its owner died, `lifeline kill`)
 * runs the same steps:
 *   1. plan   — the caller turns records into targets (and skips what must not be touched);
 *   2. pin    — every target carries the identity it must still have (pid + start time + boot id);
 *   3. end    — each batch goes to terminateAll as soon as it is planned;
 *   4. contain— containment units (none yet, see containment.ts): end their members, remove them;
 *   5. re-sweep the owners' tags (LIFELINE_TAG, sweep/owner-tag.ts) until a pass finds nothing new (bounded);
 *   6. remove — the caller's removal of what is now stale.
 * A reused pid is an outcome of its own: terminate re-verifies the pinned identity before every
 * signal and reports a pid that now belongs to another process as gone with reasonCode 'pid-reused'.
 * So is an unverifiable one ('unverified', from reasonCode 'identity-unverified'): nothing is sent.
 * It imports only platform-kill, so the guardian bundle carries it.
 */
import {
  type ExpectedIdentity,
  type ProcessIdentity,
  type TerminateReport,
  type TerminateTarget,
  terminateAll,
} from '@lifeline/platform-kill';
import type { ContainmentUnit } from '../containment';
import type { TagOwner } from './owner-tag';
import { findTagged } from './tagged';

export type SweepSource = 'registry' | 'copy' | 'owner-tag';

export interface SweepTarget {
  pid: number;
  source: SweepSource;
  record: import('@lifeline/persistence').ProcessRecord | null;
  target: TerminateTarget;
  /** Set for a process found by its owner tag: which owner, and the identity read then. */
  found?: { ownerId: string; identity: ProcessIdentity };
}

export type SweepOutcome = 'ended' | 'already-gone' | 'reused' | 'unverified' | 'refused' | 'failed';

export interface Swept {
  planned: SweepTarget;
  outcome: SweepOutcome;
  reason: string;
  /** null: terminate itself failed. */
  report: TerminateReport | null;
  /** Every process of the tree was confirmed ended (none refused, failed or surviving). */
  complete: boolean;
}

export interface SweepOptions {
  graceMs: number;
  signal?: NodeJS.Signals;
  /** Sweep these owners' tags (LIFELINE_TAG prefixes) after the batches, up to `passes` times, while a pass finds someone new. */
  tag?: {
    owners: TagOwner[];
    passes: number;
    /** Pids never to take (live owners' children, ourselves). */
    exclude?: ReadonlySet<number>;
    /** Identities never to end (an owner and its ancestors), read before anything was ended. */
    protect?: Promise<ExpectedIdentity[]> | ExpectedIdentity[];
  };
  /** Containment units whose members are ended and which are removed after the kill pass. */
  containment?: ContainmentUnit[];
  /** Told before a target is signalled. */
  onTarget?(planned: SweepTarget): void;
  /** Told of every result as it is known. */
  onSwept?(swept: Swept): void;
  onError?(error: unknown, context: string): void;
  /** Step 6: remove what the sweep made stale (records of ended, gone or reused processes). Always called. */
  removeStale?(stale: Swept[]): Promise<void>;
}

const ENDED = new Set(['exited', 'terminated', 'killed', 'gone']);
/** Outcomes after which a record names nothing of ours any more. */
export const STALE_OUTCOMES: ReadonlySet<SweepOutcome> = new Set(['ended', 'already-gone', 'reused']);

export async function sweep(
  batches: Array<SweepTarget[] | Promise<SweepTarget[]>>,
  options: SweepOptions,
): Promise<Swept[]> {
  const taken = new Set<number>();
  const results: Swept[] = [];
  const run = async (planned: readonly SweepTarget[]) => {
    const fresh = planned.filter((p) => !taken.has(p.pid));
    for (const p of fresh) taken.add(p.pid);
    if (fresh.length === 0) return;
    for (const p of fresh) options.onTarget?.(p);
    let reports: (TerminateReport | null)[];
    try {
      reports = await terminateAll(
        fresh.map((p) => p.target),
        { graceMs: options.graceMs, signal: options.signal },
      );
    } catch (error) {
      options.onError?.(error, 'terminateAll');
      reports = fresh.map(() => null);
    }
    const swept = fresh.map((p, i) => outcomeOf(p, reports[i] ?? null));
    for (const s of swept) {
      results.push(s);
      options.onSwept?.(s);
    }
  };
  await Promise.all(batches.map(async (batch) => run(await batch)));
  for (const unit of options.containment ?? []) await endUnit(unit, options);
  const tag = options.tag;
  if (tag && tag.owners.length > 0) {
    const protect = await tag.protect;
    for (let pass = 0; pass < tag.passes; pass++) {
      const skip = new Set([...taken, ...(tag.exclude ?? [])]);
      const found = await findTagged(tag.owners, skip, protect ?? []);
      if (found.length === 0) break;
      await run(found);
    }
  }
  // Called even with nothing stale: the caller may hold the registry open for it.
  await options.removeStale?.(results.filter((r) => STALE_OUTCOMES.has(r.outcome)));
  return results;
}

/** The verdict on one target from its terminate report; 'reused' from the report's typed reason code, never from a message. */
function outcomeOf(planned: SweepTarget, report: TerminateReport | null): Swept {
  if (!report) return { planned, outcome: 'failed', reason: 'terminate failed', report, complete: false };
  const complete = report.survivors.length === 0 && report.processes.every((p) => ENDED.has(p.outcome));
  const swept = (outcome: SweepOutcome, reason: string): Swept => ({ planned, outcome, reason, report, complete });
  const main = report.processes.find((p) => p.pid === planned.pid);
  if (report.survivors.length > 0)
    return swept('failed', `still alive after the force signal: ${report.survivors.join(', ')}`);
  if (main?.outcome === 'refused') {
    // The pinned identity cannot be proven (no start time, or a boot id on one side only): never signalled.
    if (main.reasonCode === 'identity-unverified')
      return swept('unverified', main.reason ?? 'identity cannot be verified: not signalled');
    return swept('refused', main.reason ?? 'protected process');
  }
  if (main?.outcome === 'failed') return swept('failed', main.error?.message ?? 'signalling failed');
  if (main?.outcome === 'gone') {
    // platform-kill re-verifies identity before every signal and says so with a typed reason code.
    if (main.reasonCode === 'pid-reused')
      return swept('reused', `pid ${planned.pid} now belongs to another process (start time differs): not signalled`);
    return swept('already-gone', 'exited before it was signalled');
  }
  const forced = report.escalated ? ' (force signal needed)' : '';
  return swept('ended', `ended ${report.processes.length} process(es)${forced}`);
}

/** Step 4: a containment unit's members are ended together and the unit removed. */
async function endUnit(unit: ContainmentUnit, options: SweepOptions): Promise<void> {
  try {
    if ((await unit.members()).length > 0) {
      await unit.kill();
      await unit.waitEmpty(options.graceMs + 1000);
    }
    await unit.remove();
  } catch (error) {
    options.onError?.(error, `containment unit ${unit.id}`);
  }
}
