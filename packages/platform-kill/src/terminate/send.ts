import type { Adapter, SendResult } from '../adapter';
import type { Member, Plan } from './plan';
import { routesFor } from './routes';

export type Phase = 'graceful' | 'force';

/**
 * What a send result means for a member: `gone` during the graceful phase means it died before
 * we signalled (exited); during the force phase it died from the graceful signal (terminated).
 */
function apply(member: Member, result: SendResult, phase: Phase, now: number): void {
  if (result.ok) return;
  if ('gone' in result) {
    member.outcome = phase === 'graceful' ? 'exited' : 'terminated';
    member.diedAt = now;
    return;
  }
  member.error = result.error;
  // A force signal that cannot be delivered will not be retried: report the failure now.
  if (phase === 'force') member.outcome = 'failed';
}

/**
 * Sends one phase's signal to every live member of the plans along routesFor: the group once (kill(-pgid)),
 * an escapee through its own group, other members by pid. Returns once every send was issued. Members already
 * settled are skipped, so a group is signalled only while one of our verified members is in it
 * (a pgid stays allocated while any member lives, so it cannot have been reused).
 */
export async function sendPhase(adapter: Adapter, plans: Plan[], phase: Phase, signal: NodeJS.Signals): Promise<void> {
  const jobs: Array<SendResult | Promise<SendResult>> = [];
  const owners: Member[][] = [];
  for (const plan of plans) {
    const live = plan.members.filter((m) => m.outcome === undefined);
    if (live.length === 0) continue;
    if (phase === 'force') plan.escalated = true;
    for (const [to, members] of routesFor(plan, live, adapter.signalsWholeTree)) {
      jobs.push(adapter.send(to, signal, phase));
      owners.push(members);
    }
  }
  const results = await Promise.all(jobs);
  const now = performance.now();
  results.forEach((result, i) => {
    const members = owners[i] ?? [];
    // A group reported gone means each of its members is gone; any other answer applies to all alike.
    for (const m of members) apply(m, result, phase, now);
  });
}
