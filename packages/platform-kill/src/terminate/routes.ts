import type { SendTo } from '../adapter';
import type { Member, Plan } from './plan';

/**
 * Where one phase's signals go for a plan's live (just re-verified) members, and which members
 * each send covers: the plan's group once; each member that leads a group of its own (a setsid
 * escapee) through that group, which also covers the live members inside it; every other member
 * by pid. Nothing reaches a whole tree at once (no taskkill /T): every process a signal reaches is
 * one we re-verified. Shared by the async phases and the synchronous exit-hook path.
 */
export function routesFor(plan: Plan, live: Member[]): Array<[SendTo, Member[]]> {
  const routes: Array<[SendTo, Member[]]> = [];
  const inPlanGroup = live.filter((m) => m.viaGroup);
  if (plan.group !== null && inPlanGroup.length > 0) routes.push([{ pgid: plan.group }, inPlanGroup]);
  const ownGroups = new Map<number, Member[]>();
  for (const m of live) if (m.ownGroup) ownGroups.set(m.identity.pid, [m]);
  for (const m of live) {
    if (m.viaGroup || m.ownGroup) continue;
    const leader = m.identity.pgid === null ? undefined : ownGroups.get(m.identity.pgid);
    if (leader) leader.push(m);
    else routes.push([{ pid: m.identity.pid }, [m]]);
  }
  for (const [pgid, members] of ownGroups) routes.push([{ pgid }, members]);
  return routes;
}
