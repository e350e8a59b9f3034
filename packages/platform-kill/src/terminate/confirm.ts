import type { Adapter } from '../adapter';
import type { Member, Plan } from './plan';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function pendingMembers(plans: Plan[]): Member[] {
  const out: Member[] = [];
  for (const plan of plans) for (const m of plan.members) if (m.outcome === undefined) out.push(m);
  return out;
}

/**
 * One poll over every pending member of every plan (terminateAll shares it): marks the dead
 * with `outcome` and the time they were seen dead. Death is judged by state — a zombie is
 * dead — not by kill(pid, 0), which stays true until the parent (or a slow init) reaps it.
 */
export async function pollOnce(
  adapter: Adapter,
  plans: Plan[],
  outcome: 'exited' | 'terminated' | 'killed',
): Promise<number> {
  const pending = pendingMembers(plans);
  if (pending.length === 0) return 0;
  const dead = await adapter.probeDead(pending.map((m) => m.identity));
  const now = performance.now();
  let left = pending.length;
  pending.forEach((m, i) => {
    if (!dead[i]) return;
    m.outcome = outcome;
    m.diedAt = now;
    left--;
  });
  return left;
}
