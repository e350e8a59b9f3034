import type { ChildProcess } from 'node:child_process';
import type { OwnerRecord, RegistryStore, StateLayout } from '@lifeline/persistence';
import type { ProcessIdentity } from '@lifeline/platform-kill';
import type { GuardianChange } from './guardian/protocol';
import type { CapturedOutput } from './output';
import type { ExitResult, ManagerEvents, ProcessInfo } from './types';

/** One live child in the in-memory registry. */
export interface Entry {
  info: ProcessInfo;
  child: ChildProcess;
  /** With `buffer: true`: the piped output, for wait()'s result. */
  output?: Promise<CapturedOutput>;
  /** Resolves once the identity was read on the child's 'spawn' event (null: it was already gone). */
  identityRead: Promise<ProcessIdentity | null>;
  /** Resolves true once the record is durable, false when nothing was written. Never rejects. */
  persisted: Promise<boolean>;
  /** A terminate in flight for this child (kill/killAll); the exit path waits for it before probing the group. */
  killing: Promise<unknown> | null;
  /** Set when the group leader has exited (its pid may be reused from then on). */
  exit: ExitResult | null;
  /** Leader exited, group gone, removed from the in-memory registry (the durable removal is queued). */
  done: Promise<ExitResult>;
}

/** What the manager's parts share. One per manager; internal. */
export interface Context {
  readonly ownerId: string;
  readonly layout: StateLayout;
  readonly graceMs: number;
  readonly entries: Map<number, Entry>;
  /** Emit a typed event and write it to the lifecycle log. */
  emit<K extends keyof ManagerEvents>(event: K, payload: ManagerEvents[K]): void;
  /** The registry file, opened once the state dir is known to be usable. */
  store(): Promise<RegistryStore>;
  /** This instance's own identity, as records carry it. */
  self(): Promise<OwnerRecord>;
  /** Tell the guardian (if one runs) about a record: as soon as the identity is read, and when it goes. */
  notifyGuardian(change: GuardianChange): void;
  /**
   * Track a registry write that callers do not wait for (a child's durable removal): flush(),
   * shutdown() and close() wait for every one. The promise must not reject.
   */
  queueWrite(write: Promise<unknown>): void;
  /** Resolves once every queued write has settled (including ones queued meanwhile). */
  settleWrites(): Promise<void>;
  /** True once shutdown started: spawn refuses. */
  isShuttingDown(): boolean;
}
