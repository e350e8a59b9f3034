import type { Adapter } from '../adapter';
import { livenessOf } from '../identity';
import type { ProcessIdentity } from '../types';
import type { Member, Plan } from './plan';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type DeadOutcome = 'exited' | 'terminated' | 'killed';

export function pendingMembers(plans: Plan[]): Member[] {
  const out: Member[] = [];
  for (const plan of plans) for (const m of plan.members) if (m.outcome === undefined) out.push(m);
  return out;
}

/**
 * Judges what a probe found at each pending member's pid with the one identity rule: gone or a
 * zombie is dead (`dead`, seen at `now`); another process at the pid is `gone` (pid reused) and
 * is never signalled again; an identity that can no longer be proven is `refused`. Returns how
 * many are still alive and verified.
 */
export function settle(pending: Member[], current: Map<number, ProcessIdentity>, dead: DeadOutcome): number {
  const now = performance.now();
  let left = 0;
  for (const m of pending) {
    const state = livenessOf(current.get(m.identity.pid) ?? null, m.identity);
    if (state === 'alive') left++;
    else if (state === 'reused') {
      m.outcome = 'gone';
      m.reasonCode = 'pid-reused';
    } else if (state === 'unverified') {
      m.outcome = 'refused';
      m.reasonCode = 'identity-unverified';
    } else {
      m.outcome = dead;
      m.diedAt = now;
    }
  }
  return left;
}

/**
 * One probe over every pending member of every plan (terminateAll shares it). Death is judged by
 * state — a zombie is dead — not by kill(pid, 0), which stays true until the parent (or a slow
 * init) reaps it, and which cannot tell a reused pid from ours.
 */
export async function pollOnce(adapter: Adapter, plans: Plan[], dead: DeadOutcome): Promise<number> {
  const pending = pendingMembers(plans);
  if (pending.length === 0) return 0;
  return settle(pending, await adapter.probe(pending.map((m) => m.identity.pid)), dead);
}
