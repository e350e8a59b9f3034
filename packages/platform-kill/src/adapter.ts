import type { Capabilities, ProcessIdentity, ResourceUsage } from './types';

/** Which trees and groups a snapshot needs. */
export interface CollectQuery {
  /** Roots whose descendants are wanted. */
  trees: number[];
  /** Process groups whose members are wanted. */
  groups: number[];
  /** Also collect the descendants of every member of the requested groups. */
  groupTrees: boolean;
}

export interface Collected {
  /** Identity of every process named below (and of the roots, when alive). */
  identities: Map<number, ProcessIdentity>;
  /** root → its descendants (not itself). */
  trees: Map<number, number[]>;
  /** pgid → its current members. */
  groups: Map<number, number[]>;
}

/** Who we are, so the guards can refuse to signal it. */
export interface SelfInfo {
  pid: number;
  pgid: number | null;
  ancestors: ReadonlySet<number>;
}

export type SendResult =
  | { ok: true }
  | { ok: false; gone: true }
  | { ok: false; error: { code: string; message: string } };

export type SendTo = { pid: number } | { pgid: number };

/**
 * One platform mechanism. Adapters only read and send; every decision (guards, identity
 * checks, escalation, reporting) is made once, in the shared code under terminate/.
 */
export interface Adapter {
  /** containment is added by createPlatform (containment/capability.ts), not by adapters. */
  readonly capabilities: Omit<Capabilities, 'containment'>;
  /** One signal reaches the whole tree (taskkill /T): send only to members whose parent is not a member. */
  readonly signalsWholeTree: boolean;
  identify(pid: number): Promise<ProcessIdentity | null>;
  identifySync(pid: number): ProcessIdentity | null;
  /** Identities of these pids (missing ones absent), from one process-table read where the platform needs one. */
  identifyMany(pids: number[]): Promise<Map<number, ProcessIdentity>>;
  descendants(pid: number): Promise<number[]>;
  collect(query: CollectQuery): Promise<Collected>;
  collectSync(query: CollectQuery): Collected;
  findByOwnerTag(ownerId: string): Promise<number[]>;
  resourceUsage(pid: number): Promise<ResourceUsage | null>;
  /** For each process: is it dead now (gone, zombie, or its pid names someone else)? */
  probeDead(members: ProcessIdentity[]): boolean[] | Promise<boolean[]>;
  probeDeadSync(members: ProcessIdentity[]): boolean[];
  /** Deliver one signal. Only called after the guards in terminate/ have approved the target. */
  send(to: SendTo, signal: NodeJS.Signals, phase: 'graceful' | 'force'): SendResult | Promise<SendResult>;
  sendSync(to: SendTo, signal: NodeJS.Signals, phase: 'graceful' | 'force'): SendResult;
  self(): SelfInfo;
}
