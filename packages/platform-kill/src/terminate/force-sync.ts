import type { Adapter } from '../adapter';
import type { ProcessReport, TerminateTarget } from '../types';
import { type DeadOutcome, pendingMembers, settle } from './confirm';
import { buildPlan, queryFor } from './plan';
import { memberReport } from './report';
import { applyResults, phaseRoutes } from './send';

/** How long forceKillSync waits to see the force signal take effect before reporting. */
const CONFIRM_MS = 100;

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The synchronous last-chance path for exit hooks (which cannot await): same snapshot, guards
 * and re-verification as terminate, then the force signal at once and a short bounded confirmation.
 */
export function forceKillSyncWith(
  adapter: Adapter,
  targets: TerminateTarget[],
  forceSignal: NodeJS.Signals,
): ProcessReport[] {
  const self = adapter.self();
  const collected = adapter.collectSync(queryFor(targets));
  const plans = targets.map((t) => buildPlan(t, collected, self, adapter.capabilities));
  const poll = (dead: DeadOutcome): number => {
    const pending = pendingMembers(plans);
    return pending.length === 0 ? 0 : settle(pending, adapter.probeSync(pending.map((m) => m.identity.pid)), dead);
  };
  poll('exited'); // the re-check right before the signal
  const routes = phaseRoutes(plans, 'force');
  applyResults(
    routes,
    routes.map(([to]) => adapter.sendSync(to, forceSignal, 'force')),
    'force',
    'exited',
  );
  const deadline = performance.now() + CONFIRM_MS;
  while (poll('killed') > 0 && performance.now() < deadline) sleepSync(1);
  const stillAlive = `force signal sent; not confirmed dead within ${CONFIRM_MS} ms`;
  return plans.flatMap((plan) => [...plan.fixed, ...plan.members.map((m) => memberReport(m, stillAlive))]);
}
