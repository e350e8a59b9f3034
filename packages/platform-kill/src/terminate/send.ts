import type { Adapter, SendResult, SendTo } from '../adapter';
import { type DeadOutcome, pollOnce } from './confirm';
import type { Member, Plan } from './plan';
import { routesFor } from './routes';

export type Phase = 'graceful' | 'force';

/**
 * What a send result means for a member: `gone` means it died since the re-check, which is
 * `dead` (exited before the first signal; terminated by the graceful one).
 */
function apply(member: Member, result: SendResult, phase: Phase, dead: DeadOutcome, now: number): void {
  if (result.ok) return;
  if ('gone' in result) {
    member.outcome = dead;
    member.diedAt = now;
    return;
  }
  member.error = result.error;
  // A force signal that cannot be delivered will not be retried: report the failure now.
  if (phase === 'force') member.outcome = 'failed';
}

/** Every send of one phase over the plans' live members, with the members each covers. */
export function phaseRoutes(plans: Plan[], phase: Phase): Array<[SendTo, Member[]]> {
  const routes: Array<[SendTo, Member[]]> = [];
  for (const plan of plans) {
    const live = plan.members.filter((m) => m.outcome === undefined);
    if (live.length === 0) continue;
    if (phase === 'force') plan.escalated = true;
    routes.push(...routesFor(plan, live));
  }
  return routes;
}

/** Applies each send's result to the members it covered (a group's answer applies to all of them). */
export function applyResults(
  routes: Array<[SendTo, Member[]]>,
  results: SendResult[],
  phase: Phase,
  dead: DeadOutcome,
): void {
  const now = performance.now();
  results.forEach((result, i) => {
    for (const m of routes[i]?.[1] ?? []) apply(m, result, phase, dead, now);
  });
}

/**
 * One phase: first every live member is re-verified (one probe, judged by the identity rule;
 * the dead are settled as `dead`, a reused pid as gone), then the signal goes along routesFor to
 * what is still ours: the group once (kill(-pgid)), an escapee through its own group, other
 * members by pid. A group is signalled only while one of our verified members is in it (a pgid
 * stays allocated while any member lives, so it cannot have been reused).
 */
export async function sendPhase(
  adapter: Adapter,
  plans: Plan[],
  phase: Phase,
  signal: NodeJS.Signals,
  dead: DeadOutcome,
): Promise<void> {
  await pollOnce(adapter, plans, dead);
  const routes = phaseRoutes(plans, phase);
  const results = await Promise.all(routes.map(([to]) => adapter.send(to, signal, phase)));
  applyResults(routes, results, phase, dead);
}
