import type { Collected, CollectQuery, SelfInfo } from '../adapter';
import { protectedGroupReason, protectedReason } from '../guards';
import { compareIdentity } from '../identity';
import type { Capabilities, Outcome, ProcessIdentity, ProcessReport, ReasonCode, TerminateTarget } from '../types';
import { settledReport } from './reasons';

/** One process we intend to end, and what became of it. */
export interface Member {
  identity: ProcessIdentity;
  /** The group signal reaches it (its pgid is the plan's group). */
  viaGroup: boolean;
  /**
   * It is outside the plan's group but leads a group of its own (a setsid escapee): it is signalled
   * through its own group, so children it forks after the snapshot are reached too.
   */
  ownGroup: boolean;
  outcome?: Outcome;
  /** Set with outcome gone / refused when the member stopped being signalled (pid reused, unverifiable). */
  reasonCode?: ReasonCode;
  diedAt?: number;
  error?: { code: string; message: string };
}

/** Everything decided about one target before any signal is sent. */
export interface Plan {
  target: TerminateTarget;
  /** Reports settled without signalling (refused, gone). */
  fixed: ProcessReport[];
  members: Member[];
  /** The process group that may be signalled as a whole, after every guard passed; null: per pid only. */
  group: number | null;
  escalated: boolean;
}

/** What the adapter must read for these targets: one collect call for all of them. */
export function queryFor(targets: TerminateTarget[]): CollectQuery {
  const trees: number[] = [];
  const groups: number[] = [];
  for (const t of targets) {
    if ('pgid' in t) groups.push(t.pgid);
    else if (t.tree !== false) {
      trees.push(t.pid);
      // A pid that leads a group is ended with its group, so the group's members are read too.
      groups.push(t.pid);
    } else trees.push(t.pid);
    if (t.expect) trees.push(t.expect.pid);
  }
  return { trees, groups, groupTrees: targets.some((t) => t.tree !== false) };
}

const refused = (pid: number, pgid: number | null, code: ReasonCode, reason?: string): ProcessReport =>
  settledReport(pid, pgid, 'refused', code, reason);
const gone = (pid: number, pgid: number | null, code: ReasonCode): ProcessReport =>
  settledReport(pid, pgid, 'gone', code);

function targetMembers(t: TerminateTarget, c: Collected, leader: ProcessIdentity | undefined): number[] {
  const tree = t.tree !== false;
  const pids = new Set<number>();
  const addTree = (root: number) => {
    pids.add(root);
    if (tree) for (const d of c.trees.get(root) ?? []) pids.add(d);
  };
  if ('pgid' in t) {
    for (const m of c.groups.get(t.pgid) ?? []) addTree(m);
  } else {
    addTree(t.pid);
    if (tree && leader?.pgid === t.pid) for (const m of c.groups.get(t.pid) ?? []) addTree(m);
  }
  return [...pids];
}

/** Applies every guard and identity check; pure, so the async and the sync (exit hook) paths share it. */
export function buildPlan(
  t: TerminateTarget,
  c: Collected,
  self: SelfInfo,
  caps: Pick<Capabilities, 'platform' | 'processGroups'>,
): Plan {
  const plan: Plan = { target: t, fixed: [], members: [], group: null, escalated: false };
  const isGroup = 'pgid' in t;
  const id = isGroup ? t.pgid : t.pid;
  if (isGroup && !caps.processGroups) {
    plan.fixed.push(
      refused(id, id, 'no-process-groups', `process groups do not exist on ${caps.platform}; end the tree by pid`),
    );
    return plan;
  }
  const why = isGroup ? protectedGroupReason(id, self) : protectedReason(id, self);
  if (why) {
    plan.fixed.push(refused(id, isGroup ? id : null, 'protected', why));
    return plan;
  }
  const anchorPid = t.expect?.pid ?? (isGroup ? undefined : t.pid);
  const anchor = anchorPid === undefined ? undefined : c.identities.get(anchorPid);
  if (anchorPid !== undefined) {
    if (!anchor) {
      plan.fixed.push(gone(anchorPid, isGroup ? id : null, 'no-such-process'));
      return plan;
    }
    const match = t.expect ? compareIdentity(t.expect, anchor) : 'same';
    if (match === 'different') {
      // The pid now belongs to someone else: report it and send nothing, to it or its group.
      plan.fixed.push(gone(anchorPid, anchor.pgid, 'pid-reused'));
      return plan;
    }
    if (match === 'unverifiable') {
      plan.fixed.push(refused(anchorPid, anchor.pgid, 'identity-unverified'));
      return plan;
    }
    if (isGroup && anchor.pgid !== id) {
      plan.fixed.push(
        refused(anchorPid, anchor.pgid, 'not-in-group', `expected process ${anchorPid} is not in process group ${id}`),
      );
      return plan;
    }
  }
  const pids = targetMembers(t, c, anchor);
  if (isGroup && pids.length === 0) {
    plan.fixed.push(gone(id, id, 'no-such-group'));
    return plan;
  }
  let group: number | null = null;
  if (caps.processGroups) {
    if (isGroup) group = id;
    else if (t.tree !== false && anchor?.pgid === t.pid && !protectedGroupReason(t.pid, self)) group = t.pid;
  }
  for (const pid of pids) {
    const identity = c.identities.get(pid);
    if (!identity) continue; // exited between listing and reading: nothing to end
    const reason = protectedReason(pid, self);
    if (reason) {
      plan.fixed.push(refused(pid, identity.pgid, 'protected', reason));
      // A group holding a protected process is never signalled as a whole.
      if (identity.pgid === group) group = null;
      continue;
    }
    const member: Member = { identity, viaGroup: false, ownGroup: false };
    if (identity.state === 'zombie' || identity.state === 'dead') member.outcome = 'exited';
    else if (!identity.startTime) {
      // Without a start time its pid could not be re-verified before each signal: never signal it.
      member.outcome = 'refused';
      member.reasonCode = 'identity-unverified';
      if (identity.pgid === group) group = null;
    }
    plan.members.push(member);
  }
  for (const m of plan.members) {
    m.viaGroup = group !== null && m.identity.pgid === group;
    m.ownGroup =
      caps.processGroups &&
      !m.viaGroup &&
      m.identity.pgid === m.identity.pid &&
      !protectedGroupReason(m.identity.pid, self);
  }
  plan.group = group;
  return plan;
}
