import type { Adapter } from '../adapter';
import type { TerminateReport, TerminateTarget } from '../types';
import type { ResolvedOptions } from '../validate';
import { waitAndEscalate } from './escalate';
import { buildPlan, queryFor } from './plan';
import { reportFor } from './report';
import { sendPhase } from './send';

/**
 * Ends every target together: one snapshot read, one guard pass, the graceful signal to all,
 * one shared wait loop, one escalation. Targets are already validated.
 */
export async function terminateMany(
  adapter: Adapter,
  targets: TerminateTarget[],
  options: ResolvedOptions,
): Promise<TerminateReport[]> {
  const startedAt = performance.now();
  const self = adapter.self();
  // Snapshot first, while the trees are intact: a child that is reparented once its parent dies
  // can no longer be found by walking down from the parent.
  const collected = await adapter.collect(queryFor(targets));
  const plans = targets.map((t) => buildPlan(t, collected, self, adapter.capabilities));
  // sendPhase re-verifies every member right before signalling: whatever died since the snapshot
  // counts as exited, a pid that now names another process as gone (pid reused); neither is signalled.
  const forceNow = options.graceMs === 0;
  await sendPhase(
    adapter,
    plans,
    forceNow ? 'force' : 'graceful',
    forceNow ? options.forceSignal : options.signal,
    'exited',
  );
  const t0 = performance.now();
  await waitAndEscalate(adapter, plans, options, t0, forceNow);
  return plans.map((plan) => reportFor(plan, t0, startedAt));
}
