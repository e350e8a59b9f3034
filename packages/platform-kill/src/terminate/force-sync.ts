import type { Adapter } from '../adapter';
import type { ProcessReport, TerminateTarget } from '../types';
import { buildPlan, type Member, queryFor } from './plan';
import { routesFor } from './routes';

/** How long forceKillSync waits to see the force signal take effect before reporting. */
const CONFIRM_MS = 100;

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * The synchronous last-chance path for exit hooks (which cannot await): same snapshot and
 * guards as terminate, then the force signal at once and a short bounded confirmation.
 */
export function forceKillSyncWith(
  adapter: Adapter,
  targets: TerminateTarget[],
  forceSignal: NodeJS.Signals,
): ProcessReport[] {
  const self = adapter.self();
  const collected = adapter.collectSync(queryFor(targets));
  const plans = targets.map((t) => buildPlan(t, collected, self, adapter.capabilities));
  const live = (): Member[] => plans.flatMap((p) => p.members.filter((m) => m.outcome === undefined));
  const settle = (outcome: 'exited' | 'killed') => {
    const pending = live();
    const dead = adapter.probeDeadSync(pending.map((m) => m.identity));
    pending.forEach((m, i) => {
      if (dead[i]) m.outcome = outcome;
    });
  };
  settle('exited');
  for (const plan of plans) {
    const members = plan.members.filter((m) => m.outcome === undefined);
    const sends = routesFor(plan, members, adapter.signalsWholeTree).map(
      ([to, covered]) => [covered, adapter.sendSync(to, forceSignal, 'force')] as const,
    );
    for (const [owners, result] of sends) {
      if (result.ok) continue;
      for (const m of owners) {
        if ('gone' in result) m.outcome = 'exited';
        else {
          m.outcome = 'failed';
          m.error = result.error;
        }
      }
    }
  }
  const deadline = performance.now() + CONFIRM_MS;
  for (settle('killed'); live().length > 0 && performance.now() < deadline; settle('killed')) sleepSync(1);
  return plans.flatMap((plan) => [
    ...plan.fixed,
    ...plan.members.map((m): ProcessReport => {
      const report: ProcessReport = { pid: m.identity.pid, pgid: m.identity.pgid, outcome: m.outcome ?? 'failed' };
      if (m.outcome === undefined) {
        report.error = {
          code: 'ERR_STILL_ALIVE',
          message: `force signal sent; not confirmed dead within ${CONFIRM_MS} ms`,
        };
      } else if (m.error) report.error = m.error;
      return report;
    }),
  ]);
}
