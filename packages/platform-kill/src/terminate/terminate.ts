import type { Adapter } from '../adapter';
import type { TerminateReport, TerminateTarget } from '../types';
import type { ResolvedOptions } from '../validate';
import { pollOnce } from './confirm';
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
  // Re-check identities right before signalling: whatever died (or whose pid moved on) since the
  // snapshot counts as exited and is not signalled.
  await pollOnce(adapter, plans, 'exited');
  const forceNow = options.graceMs === 0;
  await sendPhase(adapter, plans, forceNow ? 'force' : 'graceful', forceNow ? options.forceSignal : options.signal);
  const t0 = performance.now();
  await waitAndEscalate(adapter, plans, options, t0, forceNow);
  return plans.map((plan) => reportFor(plan, t0, startedAt));
}
