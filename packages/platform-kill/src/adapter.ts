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

/** What one snapshot reads (validated, deduplicated by the caller). */
export interface SnapshotRequest {
  pids: readonly number[];
  tags: readonly string[];
}

export interface AdapterSnapshot {
  /** Identity (without argv) of every requested pid that exists and of every tagged process. */
  identities: Map<number, ProcessIdentity>;
  /** Each requested tag → live, non-zombie pids carrying it (never our own). */
  tagged: Map<string, number[]>;
  /** More tags, among the processes this snapshot listed, leaving out `except`; adds what it reads to `identities`. */
  findTagged(tags: readonly string[], except?: ReadonlySet<number>): Promise<Map<string, number[]>>;
  /** Carriers of variable `name` equal to (prefix: starting with) one of `values`, among the listed processes; like findTagged. */
  findByEnv(
    name: string,
    values: readonly string[],
    prefix: boolean,
    except?: ReadonlySet<number>,
  ): Promise<Map<string, number[]>>;
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
  identify(pid: number): Promise<ProcessIdentity | null>;
  identifySync(pid: number): ProcessIdentity | null;
  /** Identities of these pids (missing ones absent), from one process-table read where the platform needs one. */
  identifyMany(pids: number[]): Promise<Map<number, ProcessIdentity>>;
  descendants(pid: number): Promise<number[]>;
  collect(query: CollectQuery): Promise<Collected>;
  collectSync(query: CollectQuery): Collected;
  findByOwnerTag(ownerId: string): Promise<number[]>;
  /** Processes whose variable `name` equals (or, prefix, starts with) one of `values`; absent where environments are unreadable. */
  findByEnvValue?(name: string, values: readonly string[], prefix: boolean): Promise<Map<string, number[]>>;
  /**
   * Identities and owner tags from one pass over the process table. Optional: without it the
   * shared code (snapshot.ts) composes identifyMany and findByOwnerTag, one read each.
   */
  snapshot?(request: SnapshotRequest): Promise<AdapterSnapshot>;
  resourceUsage(pid: number): Promise<ResourceUsage | null>;
  /**
   * What holds these pids now (absent: nothing), with state and start time, read as directly as
   * the platform allows: the wait loop and the re-check before every signal. The adapter only
   * reads; terminate/ judges each answer with the one identity rule.
   */
  probe(pids: number[]): Map<number, ProcessIdentity> | Promise<Map<number, ProcessIdentity>>;
  probeSync(pids: number[]): Map<number, ProcessIdentity>;
  /** Deliver one signal. Only called right after terminate/ re-verified every member it reaches. */
  send(to: SendTo, signal: NodeJS.Signals, phase: 'graceful' | 'force'): SendResult | Promise<SendResult>;
  sendSync(to: SendTo, signal: NodeJS.Signals, phase: 'graceful' | 'force'): SendResult;
  self(): SelfInfo;
}
