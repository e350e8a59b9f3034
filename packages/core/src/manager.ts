import { EventEmitter } from 'node:events';
import { basename } from 'node:path';
import type { StateLayout } from '@lifeline/persistence';
import type { TerminateReport } from '@lifeline/platform-kill';
import type { Context, Entry } from './context';
import { layoutFrom, newOwnerId, selfIdentity, storeOpener } from './context-impl';
import { CoreError, describe } from './errors';
import { EventLog } from './event-log';
import { createGuardianLink, type GuardianLink } from './guardian-link';
import { assertNoLiveHolder, claimInstance, recordGuardian, releaseInstance, sweepOwnTag } from './instance';
import { killEntries, killEntry } from './kill';
import { forceKillRemaining, releaseFilesSync } from './last-chance';
import { cleanupOrphans } from './orphans';
import { scriptSpec } from './script';
import { installShutdownHandling } from './shutdown-handling';
import { launch } from './spawn';
import { status } from './status';
import { killTracked, listTracked } from './tracked';
import type {
  CleanupResult,
  KillOptions,
  ManagedProcess,
  ManagerEvents,
  ManagerOptions,
  ProcessInfo,
  ScriptOptions,
  SpawnOptions,
  StateStatus,
  TrackedKillResult,
  TrackedProcess,
} from './types';
import * as check from './validate';

type EventMap = { [K in keyof ManagerEvents]: [ManagerEvents[K]] };

/** Spawns, tracks, waits for, kills and cleans up child processes for one owner instance. */
export class ProcessManager extends EventEmitter<EventMap> {
  readonly ownerId: string;
  readonly layout: StateLayout;
  readonly #options: ManagerOptions;
  readonly #ctx: Context;
  readonly #store: ReturnType<typeof storeOpener>;
  readonly #log: EventLog;
  readonly #guardian: GuardianLink;
  #started: Promise<{ cleanup: CleanupResult }> | null = null;
  #claimed = false;
  #pidFileHeld = false;
  #stopping: Promise<void> | null = null;
  #uninstall: (() => void) | null = null;
  /** Registry writes nobody awaits (durable removals after wait()); flush/shutdown/close settle them. */
  readonly #writes = new Set<Promise<unknown>>();

  constructor(options: ManagerOptions = {}) {
    super();
    if (typeof options !== 'object' || options === null)
      throw new CoreError('ERR_INVALID_ARGUMENT', `manager options must be an object, got ${describe(options)}`);
    const graceMs = check.checkGraceMs(options.graceMs) ?? 3000;
    this.ownerId = check.checkOwnerId(options.ownerId) ?? newOwnerId();
    check.checkOptionalString(options.stateDir, 'stateDir');
    check.checkOptionalString(options.name, 'name');
    check.checkOptionalString(options.preload, 'preload');
    check.checkOptionalString(options.bunPath, 'bunPath');
    if (options.runtime !== undefined && !['auto', 'bun', 'node'].includes(options.runtime))
      throw new CoreError(
        'ERR_INVALID_ARGUMENT',
        `runtime must be 'auto', 'bun' or 'node', got ${describe(options.runtime)}`,
      );
    for (const key of ['guardian', 'pidFile', 'singleInstance', 'handleSignals'] as const)
      if (options[key] !== undefined && typeof options[key] !== 'boolean')
        throw new CoreError('ERR_INVALID_ARGUMENT', `${key} must be true or false, got ${describe(options[key])}`);
    this.#options = options;
    this.layout = layoutFrom(options);
    this.#log = new EventLog(options.logger, this.ownerId, (error) =>
      this.#emit('error', { error, context: 'lifecycle log' }),
    );
    this.#store = storeOpener(this.layout, () => this.#log.open(this.layout.logFile));
    this.#ctx = {
      ownerId: this.ownerId,
      layout: this.layout,
      graceMs,
      entries: new Map<number, Entry>(),
      emit: (event, payload) => this.#emit(event, payload),
      store: () => this.#store.open(),
      self: selfIdentity(this.ownerId),
      isShuttingDown: () => this.#stopping !== null,
      queueWrite: (write) => {
        const settled = write.catch(() => undefined);
        this.#writes.add(settled);
        void settled.then(() => this.#writes.delete(settled));
      },
      settleWrites: () => this.#settleWrites(),
      notifyGuardian: (change) => this.#guardian.notify(change),
    };
    this.#guardian = createGuardianLink(this.#ctx, {
      enabled: options.guardian ?? false,
      // The guardian appends to our own JSONL file; with a caller's logger (or none) it stays silent.
      logFile: options.logger === undefined ? this.layout.logFile : null,
      record: (guardian) => recordGuardian(this.#ctx, guardian, this.#pidFileHeld),
    });
  }

  get guardianPid(): number | null {
    return this.#guardian.pid;
  }

  /** Emit to listeners and the lifecycle log; a listener's exception never breaks our bookkeeping. */
  #emit<K extends keyof ManagerEvents>(event: K, payload: ManagerEvents[K]): void {
    // The guardian writes its own guardian-started line (with its start-up time) to our file.
    if (event !== 'guardian-started' || this.#options.logger !== undefined) this.#log.write(event, payload);
    if (event === 'error' && this.listenerCount('error') === 0) return;
    try {
      (this.emit as (e: string, p: unknown) => boolean)(event, payload);
    } catch (error) {
      process.nextTick(() => {
        throw error;
      });
    }
  }

  /** Startup sequence: orphan cleanup, PID file, owners/<id>.json, guardian, shutdown handling. */
  start(): Promise<{ cleanup: CleanupResult }> {
    this.#started ??= (async () => {
      if (this.#stopping) throw new CoreError('ERR_SHUTTING_DOWN', 'cannot start: the manager is shutting down');
      await this.#store.open();
      if (this.#options.singleInstance) await assertNoLiveHolder(this.#ctx);
      const cleanup = await cleanupOrphans(this.#ctx, false);
      this.#pidFileHeld = await claimInstance(this.#ctx, {
        singleInstance: this.#options.singleInstance ?? false,
        pidFile: this.#options.pidFile ?? true,
        name: this.#options.name,
      });
      this.#claimed = true;
      await this.#guardian.start();
      if ((this.#options.handleSignals ?? true) && !this.#stopping)
        this.#uninstall = installShutdownHandling({
          shutdown: (reason) => this.#shutdown(reason),
          forceSync: () => this.#forceSync(),
        });
      return { cleanup };
    })();
    return this.#started;
  }

  spawn(command: string, args?: string[], options: SpawnOptions = {}): ManagedProcess {
    const cmd = check.checkCommand(command);
    const argv = check.checkArgs(args);
    const opts = checkSpawnOptions(options);
    return launch(this.#ctx, {
      command: cmd,
      args: argv,
      options: opts,
      scriptPath: opts.scriptPath ?? cmd,
      name: opts.name ?? basename(cmd),
      watchParent: opts.watchParent ?? false,
    });
  }

  spawnScript(path: string, options: ScriptOptions = {}): ManagedProcess {
    const opts = checkSpawnOptions(options) as ScriptOptions;
    const spec = scriptSpec(path, opts, {
      runtime: this.#options.runtime ?? 'auto',
      preload: this.#options.preload,
      bunPath: this.#options.bunPath,
      env: this.#options.env ?? process.env,
    });
    return launch(this.#ctx, spec);
  }

  list(): ProcessInfo[] {
    return [...this.#ctx.entries.values()].map((e) => e.info);
  }

  get(pid: number): ProcessInfo | undefined {
    return this.#ctx.entries.get(pid)?.info;
  }

  async kill(pid: number, options?: KillOptions): Promise<TerminateReport> {
    check.checkPid(pid);
    const opts = check.checkKillOptions(options);
    const entry = this.#ctx.entries.get(pid);
    if (!entry) throw new CoreError('ERR_NOT_TRACKED', `pid ${pid} is not a child of this manager`);
    return killEntry(this.#ctx, entry, opts);
  }

  async killAll(options?: { graceMs?: number }): Promise<TerminateReport[]> {
    const opts = check.checkKillOptions(options);
    return killEntries(this.#ctx, [...this.#ctx.entries.values()], opts);
  }

  async cleanupOrphans(options: { dryRun?: boolean } = {}): Promise<CleanupResult> {
    return cleanupOrphans(this.#ctx, options?.dryRun === true);
  }

  listTracked(): Promise<TrackedProcess[]> {
    return listTracked(this.#ctx);
  }

  async killTracked(pids: number[], options?: KillOptions): Promise<TrackedKillResult[]> {
    if (!Array.isArray(pids))
      throw new CoreError('ERR_INVALID_ARGUMENT', `pids must be an array of pids, got ${describe(pids)}`);
    pids.forEach((pid, i) => {
      check.checkPid(pid, `pids[${i}]`);
    });
    return killTracked(this.#ctx, pids, check.checkKillOptions(options));
  }

  status(): Promise<StateStatus> {
    return status(this.#ctx);
  }

  /** Ends every child (with grace), removes the PID and owner files, stops the guardian, flushes the log. Does not exit. */
  shutdown(options?: { graceMs?: number }): Promise<void> {
    const graceMs = check.checkKillOptions(options).graceMs;
    return this.#shutdown('shutdown() called', graceMs);
  }

  /** Wait for every queued registry write, including ones queued while waiting. */
  async #settleWrites(): Promise<void> {
    while (this.#writes.size > 0) await Promise.all(this.#writes);
  }

  /**
   * Write out what the log and the registry have buffered, without stopping anything: every
   * removal queued by a wait()/kill() that already resolved is durable once this resolves.
   */
  async flush(): Promise<void> {
    await this.#settleWrites();
    await this.#store
      .opened()
      ?.flush()
      .catch(() => undefined);
    await this.#log.flush();
  }

  /**
   * Release a manager: for one that was started, the same as shutdown(). For one that never
   * was (a CLI command that only looked), just flush and close the registry and the log: no
   * shutdown event, no sweep of its tag, nothing signalled. Spawning is refused afterwards.
   */
  close(): Promise<void> {
    if (this.#started || this.#ctx.entries.size > 0) return this.#shutdown('close() called');
    this.#stopping ??= (async () => {
      await this.#settleWrites();
      await this.#store
        .opened()
        ?.close()
        .catch((error: Error) => this.#emit('error', { error, context: 'closing the registry' }));
      await this.#log.close();
    })();
    return this.#stopping;
  }

  #shutdown(reason: string, graceMs = this.#ctx.graceMs): Promise<void> {
    this.#stopping ??= (async () => {
      const started = performance.now();
      await this.#started?.catch(() => undefined);
      try {
        await killEntries(this.#ctx, [...this.#ctx.entries.values()], { graceMs });
        await sweepOwnTag(this.#ctx, graceMs);
      } catch (error) {
        this.#emit('error', { error: error as Error, context: 'shutdown: ending children' });
      }
      await this.#settleWrites(); // the children's records leave the file before the guardian is told we are done
      await this.#guardian.stop(); // after our children are gone: it exits quietly
      if (this.#claimed) await releaseInstance(this.#ctx, this.#pidFileHeld);
      await this.#store
        .opened()
        ?.close()
        .catch((error: Error) => this.#emit('error', { error, context: 'closing the registry' }));
      this.#emit('shutdown', { reason, durationMs: performance.now() - started });
      await this.#log.close();
      this.#uninstall?.();
      this.#uninstall = null;
    })();
    return this.#stopping;
  }

  /** Exit path: no grace left. Force-kill every child's tree, release our files, flush the log. */
  #forceSync(): void {
    forceKillRemaining(this.#ctx);
    if (this.#claimed) releaseFilesSync(this.layout, this.ownerId, this.#pidFileHeld);
    this.#log.flushSync();
  }
}

function checkSpawnOptions<T extends SpawnOptions>(options: T): T {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new CoreError('ERR_INVALID_ARGUMENT', `spawn options must be an object, got ${describe(options)}`);
  check.checkOptionalString(options.cwd, 'cwd');
  check.checkOptionalString(options.name, 'name');
  check.checkOptionalString(options.scriptPath, 'scriptPath');
  check.checkOptionalString(options.stdoutFile, 'stdoutFile');
  check.checkOptionalString(options.stderrFile, 'stderrFile');
  check.checkEnv(options.env);
  check.checkStdio(options.stdio);
  return options;
}
