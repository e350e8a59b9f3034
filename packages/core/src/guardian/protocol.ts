import type { OwnerRecord, ProcessRecord } from '@lifeline/persistence';

/** The owner↔guardian protocol (the owner↔child one is protocol/owner-child.ts). */

/** The owner's log file, as the guardian's fd (after stdin, stdout, stderr). */
export const GUARDIAN_LOG_FD = 3;

/** What the owner tells its guardian, one JSON object per line on the guardian's stdin. */
export type GuardianMessage =
  | { type: 'snapshot'; records: ProcessRecord[] }
  | { type: 'add'; record: ProcessRecord }
  | { type: 'remove'; pid: number; start_time: string | null }
  | { type: 'shutdown' };

/** A change the manager reports as it happens (the snapshot is built by the link itself). */
export type GuardianChange = Extract<GuardianMessage, { type: 'add' | 'remove' }>;

/** Passed as the guardian's only argument (JSON): everything it needs without reading a file first. */
export interface GuardianConfig {
  ownerId: string;
  /** The owner's identity: the guardian never ends it, and waits for it to be really dead. */
  owner: OwnerRecord;
  graceMs: number;
  /** The fd of the owner's lifecycle log (JSONL) the guardian inherited (GUARDIAN_LOG_FD), or null for none. */
  logFd: number | null;
  registryFile: string;
  ownersDir: string;
  pidFile: string;
  /** The owner's cgroup (containment cgroup2), or null/absent when its children are not contained. */
  cgroup?: string | null;
  /** The PID file's identity sidecar (Script Kit layouts), or null. */
  pidIdentityFile: string | null;
}
