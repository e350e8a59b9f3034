import type { ProcessRecord, StateLayout } from '@lifeline/persistence';
import type { ProcessIdentity, TerminateReport } from '@lifeline/platform-kill';

/** A live child as the registry knows it: the spec's ProcessInfo plus identity, group, command and owner. */
export interface ProcessInfo {
  pid: number;
  pgid: number | null;
  scriptPath: string;
  name: string;
  command: string;
  startedAt: Date;
  /** Read once the program has been exec'd; null until then or where it could not be read. */
  identity: ProcessIdentity | null;
  ownerId: string;
}

export interface ExitResult {
  pid: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
}

/** The typed events a manager emits (and logs as JSONL under the same names). */
export interface ManagerEvents {
  spawned: { pid: number; pgid: number | null; command: string; scriptPath: string };
  registered: { pid: number; record: ProcessRecord };
  exited: ExitResult & { scriptPath: string };
  unregistered: { pid: number };
  signalled: { pid: number; pgid: number | null; signal: NodeJS.Signals };
  escalated: { pid: number; pgid: number | null; signal: NodeJS.Signals; afterMs: number };
  killed: { pid: number; report: TerminateReport };
  'orphan-found': { pid: number; record: ProcessRecord };
  'orphan-killed': { pid: number; record: ProcessRecord; report: TerminateReport };
  'orphan-skipped': { pid: number; record: ProcessRecord; reason: string };
  'guardian-started': { pid: number };
  'guardian-lost': { pid: number; exitCode: number | null; signal: NodeJS.Signals | null };
  error: { error: Error; context: string };
}

export type OrphanDecision =
  | 'killed'
  | 'would-kill'
  | 'already-gone'
  | 'reused'
  | 'owner-alive'
  | 'not-ours'
  | 'refused'
  | 'failed';

export interface OrphanEntry {
  record: ProcessRecord | null;
  pid: number;
  decision: OrphanDecision;
  reason: string;
  /** How it was found: in the registry file, or only by its LIFELINE_OWNER tag. */
  source: 'registry' | 'owner-tag';
  report?: TerminateReport;
}

export interface CleanupResult {
  dryRun: boolean;
  entries: OrphanEntry[];
  killed: number;
  durationMs: number;
  /** Set when the registry file was corrupt (it was quarantined; salvaged records were still handled). */
  corruption?: import('@lifeline/persistence').CorruptionReport;
}

export type { StateLayout };
