import type { ChildProcess } from 'node:child_process';
import type { OwnerRecord, ProcessRecord } from '@lifeline/persistence';
import {
  capabilities,
  identify,
  identifySync,
  type ProcessIdentity,
  type TerminateReport,
  type TerminateTarget,
  terminate,
} from '@lifeline/platform-kill';
import { type ContainmentUnit, type OwnerUnits, unitReport } from '../containment';
import { CoreError } from '../errors';
import type { GuardianChange } from '../guardian/protocol';
import { expectedOfIdentity } from '../identity';
import type { Owner } from '../owner';
import type { RegistryLink } from '../registry/link';
import type { CapturedOutput } from '../spawning/output';
import type { ExitResult, KillOptions, ProcessInfo } from '../types';
import { groupHasMembers } from './group';
import { toRecord } from './record';
import { type ChildSource, fromChildProcess, isChildSource } from './source';
import { endTrails } from './trail';

/**
 * spawned → identified → registered → exited → tree-gone → unregistered, or failed (its
 * record could not be written: it was ended, ready rejected). A child that exits before it is
 * identified or registered skips those states.
 */
export type ChildState = 'spawned' | 'identified' | 'registered' | 'exited' | 'tree-gone' | 'unregistered' | 'failed';

/**
 * What a child needs from its owner: facts, and the three things below it talks to directly —
 * the registry link, the guardian link and the in-memory set (which it leaves once gone).
 */
export interface ChildHost extends Owner {
  readonly registry: RegistryLink;
  readonly guardian: { notify(change: GuardianChange): void };
  readonly children: { delete(child: Child): void };
  /** The owner's containment units (one per child; none where containment is `none`). */
  readonly units: OwnerUnits;
  /** False once shutdown started: spawning is refused. */
  accepting(): boolean;
}

export function emptyReport(target: TerminateTarget): TerminateReport {
  return { target, escalated: false, durationMs: 0, processes: [], survivors: [] };
}

/**
 * One managed child, from spawn (or adoption) to its record's removal. It owns its transitions,
 * its identity, its record, its wait (done) and kill promises. Constructed fully wired: its
 * source's 'spawn' and 'exit' listeners are attached in the constructor, before node can emit
 * either (child/source.ts).
 */
export class Child {
  readonly info: ProcessInfo;
  /** node's handle; null for a bare pid adopted from elsewhere. */
  readonly process: ChildProcess | null;
  /** The containment unit the child was placed in before its program ran; null when not contained. */
  readonly containment: ContainmentUnit | null;
  /** Its own LIFELINE_TAG value: the trail its descendants carry wherever they go (child/trail.ts). */
  readonly tag: string | null;
  /** Resolves once the identity was read on the child's 'spawn' event (null: it was already gone). */
  readonly identified: Promise<ProcessIdentity | null>;
  /** Spawned, exec'd, identity read, durably registered; rejects ERR_STATE_DIR when the record could not be written. */
  readonly ready: Promise<ProcessInfo>;
  /** Leader exited, group gone, out of the in-memory set (the durable removal is queued). */
  readonly done: Promise<ExitResult>;
  readonly #host: ChildHost;
  #state: ChildState = 'spawned';
  #exit: ExitResult | null = null;
  /** A terminate in flight (kill/killAll): the exit path waits for it before probing the group. */
  #killing: Promise<TerminateReport | undefined> | null = null;
  /** The add is queued in the store: the removal may be queued right behind it. */
  #addQueued = false;
  #registered: Promise<boolean>;
  #failure: CoreError | null = null;
  readonly #output: Promise<CapturedOutput> | null;
  readonly #recheck: (() => void) | undefined;

  constructor(
    host: ChildHost,
    child: ChildProcess | ChildSource,
    info: ProcessInfo,
    options: { output?: Promise<CapturedOutput>; containment?: ContainmentUnit; tag?: string },
  ) {
    const source = isChildSource(child) ? child : fromChildProcess(child);
    this.#host = host;
    this.tag = options.tag ?? null;
    this.#recheck = source.recheck;
    this.process = source.process;
    this.info = info;
    this.containment = options.containment ?? null;
    this.#output = options.output ?? null;
    const known = source.identity;
    this.identified = known
      ? Promise.resolve(this.#knownIdentity(known))
      : source.started.then(() => this.#readIdentity());
    const registration = this.#register();
    this.#registered = registration.catch(() => false);
    this.ready = registration.then(
      () => info,
      async (error: CoreError) => {
        this.#failure = error;
        this.#to('failed');
        await this.kill({ graceMs: host.graceMs }).catch(() => undefined);
        throw error;
      },
    );
    this.ready.catch(() => undefined); // surfaced through ready and wait(); never an unhandled rejection
    this.done = this.#afterExit(source.exited);
    this.done.catch(() => undefined);
  }

  get state(): ChildState {
    return this.#state;
  }

  /** Set once the leader has exited (its pid may be reused from then on). */
  get exit(): ExitResult | null {
    return this.#exit;
  }

  /** Move forward; 'failed' is final (the child is still ended and leaves the set, but stays failed). */
  #to(state: ChildState): void {
    if (this.#state !== 'failed') this.#state = state;
  }

  // On Linux read /proc synchronously: microseconds, and never queued behind the registry's
  // fsyncs in libuv's thread pool. Elsewhere (ps / PowerShell) asynchronously.
  async #readIdentity(): Promise<ProcessIdentity | null> {
    const { pid } = this.info;
    let identity: ProcessIdentity | null;
    try {
      identity = capabilities.platform === 'linux' ? identifySync(pid) : await identify(pid);
    } catch {
      // the synchronous read failed: try the asynchronous one (elsewhere: no identity)
      identity = capabilities.platform === 'linux' ? await identify(pid).catch(() => null) : null;
    }
    return this.#knownIdentity(identity);
  }

  #knownIdentity(identity: ProcessIdentity | null): ProcessIdentity | null {
    this.info.identity = identity;
    if (identity?.pgid != null) this.info.pgid = identity.pgid;
    if (identity && !this.#exit) this.#to('identified');
    return identity;
  }

  /** The record, once identified and while the leader runs (the guardian's snapshot). */
  record(owner: OwnerRecord): ProcessRecord | null {
    return this.info.identity && !this.#exit ? toRecord(this.info, this.info.identity, owner) : null;
  }

  /** Resolves true once the record is durable, false when nothing was written. */
  async #register(): Promise<boolean> {
    const host = this.#host;
    const identity = await this.identified;
    // Already gone (no identity, or its exit already seen): a record would only be written to be
    // removed again, and there is nothing left to recover after a crash but stragglers in its
    // group, which the exit path ends now and which carry our owner tag for a later cleanup.
    if (!identity || this.#exit) return false;
    const [store, owner] = await Promise.all([host.registry.open(), host.self()]);
    if (this.#exit) return false;
    const record = toRecord(this.info, identity, owner);
    // The guardian hears of it before the record is durable: a crash during the commit is covered.
    host.guardian.notify({ type: 'add', record });
    try {
      const adding = store.add(record);
      // The exit path may now queue the removal behind this add without waiting for it:
      // the store applies ops in order, so both can share one group commit.
      this.#addQueued = true;
      await adding;
    } catch (error) {
      throw new CoreError(
        'ERR_STATE_DIR',
        `cannot record child ${this.info.pid} in ${store.path}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    if (!this.#exit) this.#to('registered');
    host.emit('registered', { pid: this.info.pid, record });
    return true;
  }

  /**
   * The record goes only once the leader exited AND its whole group is gone (stragglers are
   * ended with the owner's grace), however the child ended. done resolves as soon as that is
   * confirmed and the child has left the in-memory set; the durable removal is queued behind it
   * (flush()/shutdown() wait for it). A crash before it lands leaves a record whose process is
   * gone: the next cleanup reports it as already-gone.
   */
  async #afterExit(exited: Promise<[number | null, NodeJS.Signals | null]>): Promise<ExitResult> {
    const host = this.#host;
    const { info } = this;
    const [exitCode, signal] = await exited;
    const result: ExitResult = { pid: info.pid, exitCode, signal, durationMs: Date.now() - info.startedAt.getTime() };
    this.#exit = result;
    this.#to('exited');
    host.emit('exited', { ...result, scriptPath: info.scriptPath });
    await this.#endStragglers();
    // Escaped members (a daemon the child left behind) keep the unit: they stay contained, and
    // killAll/shutdown (or the guardian, or the next cleanup) end them with the owner's cgroup.
    if (this.containment && !(await this.containment.remove().catch(() => false))) host.units.linger(this.containment);
    // Every process of the child is confirmed dead from here on: only now may its record go.
    this.#to('tree-gone');
    host.children.delete(this);
    host.registry.queue(this.#unregister());
    if (info.identity) host.guardian.notify({ type: 'remove', pid: info.pid, start_time: info.identity.startTime });
    this.#to('unregistered');
    host.emit('unregistered', { pid: info.pid });
    if (this.#failure) throw this.#failure;
    if (this.#output) Object.assign(result, await this.#output);
    return result;
  }

  /** Queue the record's removal behind its add (same group commit when both are pending). Never rejects. */
  async #unregister(): Promise<void> {
    const wrote = this.#addQueued || (await this.#registered);
    if (!wrote) return;
    try {
      const store = await this.#host.registry.open();
      // Matched by start time: a reused pid's newer record is never removed by mistake.
      await store.remove(this.info.pid, { start_time: this.info.identity?.startTime ?? null });
    } catch (error) {
      this.#host.emit('error', { error: error as Error, context: `unregister ${this.info.pid}` });
    }
  }

  async #endStragglers(): Promise<void> {
    // A kill in flight already covers the group: let it finish rather than signal twice. If it
    // confirmed everything dead, what a signal-0 probe still sees are zombies about to be reaped.
    if (this.#killing) {
      const report = await this.#killing;
      if (report && report.survivors.length === 0) return;
    }
    const { pid, pgid } = this.info;
    if (!groupHasMembers(pid, pgid) || pgid === null) return;
    this.#host.emit('signalled', { pid, pgid, signal: 'SIGTERM' });
    try {
      const report = await terminate({ pgid, tree: true }, { graceMs: this.#host.graceMs });
      this.reportKill(report, this.#host.graceMs);
    } catch (error) {
      this.#host.emit('error', { error: error as Error, context: `end group ${pgid}` });
    }
  }

  /**
   * What to end: the tree, pinned to the identity read at spawn, while the leader lives; once
   * the leader has exited (its pid may be reused) only the group it left behind.
   */
  async target(): Promise<TerminateTarget | null> {
    const identity = await this.identified;
    const { pid, pgid } = this.info;
    if (this.#exit) return pgid !== null && groupHasMembers(pid, pgid) ? { pgid, tree: true } : null;
    // No identity but no exit event yet: the pid is still our unreaped child, so it cannot be reused.
    return { pid, expect: identity ? expectedOfIdentity(identity) : undefined, tree: true };
  }

  /** The synchronous exit path's target (no grace left): same rule as target(), from what is known now. */
  forceTarget(): TerminateTarget | null {
    const { pid, pgid, identity } = this.info;
    if (!this.#exit) return { pid, expect: identity ? expectedOfIdentity(identity) : undefined, tree: true };
    // Only a group the child led (always, for our spawns): an adopted process may sit in someone else's.
    return pgid !== null && pgid === pid ? { pgid, tree: true } : null;
  }

  /** What endTrails needs of this child: its tag, its report, its start time. */
  trail(report: TerminateReport): { tag: string | null; report: TerminateReport; startTime: string | null } {
    return { tag: this.tag, report, startTime: this.info.identity?.startTime ?? null };
  }

  /** A terminate covering this child is in flight (killAll's shared one, or kill()'s own). */
  killingWith(report: Promise<TerminateReport | undefined>): void {
    this.#killing = report;
  }

  reportSignal(signal: NodeJS.Signals): void {
    this.#host.emit('signalled', { pid: this.info.pid, pgid: this.info.pgid, signal });
  }

  reportKill(report: TerminateReport, graceMs: number): void {
    const { pid, pgid } = this.info;
    if (report.escalated) this.#host.emit('escalated', { pid, pgid, signal: 'SIGKILL', afterMs: graceMs });
    this.#host.emit('killed', { pid, report });
  }

  /**
   * A contained child's end: its unit's members are its whole tree (escaped or not). Each is
   * sent the signal after a check that it is still in the unit, then cgroup.kill after the
   * grace; done when the kernel says `populated 0`; the unit is removed.
   */
  async #endUnit(unit: ContainmentUnit, signal: NodeJS.Signals, graceMs: number): Promise<TerminateReport> {
    this.reportSignal(signal);
    const pending = unit.end({ signal, graceMs }).then((report) => unitReport(this.info.pid, report));
    this.killingWith(pending.catch(() => undefined));
    const report = await pending;
    this.reportKill(report, graceMs);
    if (report.survivors.length === 0) await this.confirmedDead();
    return report;
  }

  /**
   * End the child's tree; resolves once terminate confirmed it dead and (then) it left the
   * in-memory set. Its durable removal is queued by the exit path (flush() waits for it).
   */
  async kill(options: KillOptions = {}): Promise<TerminateReport> {
    const graceMs = options.graceMs ?? this.#host.graceMs;
    const signal = options.signal ?? 'SIGTERM';
    if (this.containment) return this.#endUnit(this.containment, signal, graceMs);
    const target = await this.target();
    if (!target) {
      await this.done.catch(() => undefined);
      return emptyReport({ pid: this.info.pid });
    }
    this.reportSignal(signal);
    const pending = terminate(target, { graceMs, signal }).then(async (report) => {
      // Without a containment unit, descendants that left the tree are found by the child's own tag.
      if (!this.containment) await endTrails([this.trail(report)], { graceMs, signal });
      return report;
    });
    this.killingWith(pending.catch(() => undefined));
    const report = await pending;
    this.reportKill(report, graceMs);
    // The record goes only after confirmed death, through the exit path.
    if (report.survivors.length === 0) await this.confirmedDead();
    return report;
  }

  /** A kill confirmed the tree dead: the exit path's end, without waiting for a poll's next tick. Never rejects. */
  confirmedDead(): Promise<ExitResult | undefined> {
    this.#recheck?.();
    return this.done.catch(() => undefined);
  }
}
