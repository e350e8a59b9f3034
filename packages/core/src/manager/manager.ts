import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { basename, dirname } from 'node:path';
import type { StateLayout } from '@lifeline/persistence';
import type { ContainmentInfo, TerminateReport } from '@lifeline/platform-kill';
import { adopt } from '../adoption/adopt';
import type { ChildHost } from '../child/child';
import { Children } from '../child/children';
import { OwnerUnits, ownerInstance } from '../containment';
import { CoreError, describe } from '../errors';
import { createGuardianLink, type GuardianLink } from '../guardian/link';
import type { InspectContext } from '../inspect/context';
import { assertNoLiveHolder, claimInstance, recordGuardian, releaseInstance } from '../instance/files';
import { assertOwnerIdFree } from '../instance/owner-in-use';
import { RegistryLink } from '../registry/link';
import { releaseFilesSync } from '../shutdown/last-chance';
import { installShutdownHandling } from '../shutdown/signals';
import { sweepOwnTag } from '../shutdown/sweep-own-tag';
import { launch } from '../spawning/launch';
import { scriptSpec } from '../spawning/script';
import { cleanupOrphans } from '../sweep/cleanup';
import { newTagPrefix } from '../sweep/owner-tag';
import type {
  AdoptedProcess,
  AdoptOptions,
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
} from '../types';
import { EventLog } from './event-log';
import { lifecycleLogFile } from './log-destination';
import { layoutFrom, newOwnerId, selfIdentity } from './options';
import * as check from './validate';

type EventMap = { [K in keyof ManagerEvents]: [ManagerEvents[K]] };

/** Spawns, tracks, waits for, kills and cleans up child processes for one owner instance. */
export class ProcessManager extends EventEmitter<EventMap> {
  readonly ownerId: string;
  readonly layout: StateLayout;
  readonly #options: ManagerOptions;
  readonly #graceMs: number;
  readonly #host: ChildHost;
  readonly #children = new Children();
  readonly #registry: RegistryLink;
  readonly #log: EventLog;
  readonly #guardian: GuardianLink;
  readonly #units: OwnerUnits;
  #started: Promise<{ cleanup: CleanupResult }> | null = null;
  #claimed = false;
  #pidFileHeld = false;
  /** 'auto' ran node instead of bun: said once (runtime-fallback), not at every spawn. */
  #saidNodeFallback = false;
  #stopping: Promise<void> | null = null;
  #uninstall: (() => void) | null = null;

  constructor(options: ManagerOptions = {}) {
    super();
    if (typeof options !== 'object' || options === null)
      throw new CoreError('ERR_INVALID_ARGUMENT', `manager options must be an object, got ${describe(options)}`);
    const graceMs = check.checkGraceMs(options.graceMs) ?? 3000;
    this.ownerId = check.checkOwnerId(options.ownerId) ?? newOwnerId();
    check.checkOptionalString(options.stateDir, 'stateDir');
    check.checkOptionalString(options.name, 'name');
    check.checkOptionalString(options.preload, 'preload');
    check.checkOptionalString(options.sdkPreload, 'sdkPreload');
    check.checkOptionalString(options.bunPath, 'bunPath');
    if (options.runtime !== undefined && !['auto', 'bun', 'node'].includes(options.runtime))
      throw new CoreError(
        'ERR_INVALID_ARGUMENT',
        `runtime must be 'auto', 'bun' or 'node', got ${describe(options.runtime)}`,
      );
    for (const key of ['guardian', 'pidFile', 'singleInstance', 'handleSignals', 'handleErrors'] as const)
      if (options[key] !== undefined && typeof options[key] !== 'boolean')
        throw new CoreError('ERR_INVALID_ARGUMENT', `${key} must be true or false, got ${describe(options[key])}`);
    const containment = options.containment ?? 'auto';
    if (containment !== 'auto' && containment !== 'off' && (typeof containment !== 'object' || containment === null))
      throw new CoreError(
        'ERR_INVALID_ARGUMENT',
        `containment must be 'auto', 'off' or a Containment, got ${describe(containment)}`,
      );
    this.#options = options;
    this.layout = layoutFrom(options);
    this.#units = new OwnerUnits(containment, this.ownerId, ownerInstance(this.layout.stateDir));
    this.#log = new EventLog(options.logger, this.ownerId, (error) =>
      this.#emit('error', { error, context: 'lifecycle log' }),
    );
    this.#graceMs = graceMs;
    this.#registry = new RegistryLink(this.layout);
    // The log file is created only inside a state directory that passed persistence's checks.
    // The log file is the host's own only when it is ours to write (log-destination.ts).
    const logFile = lifecycleLogFile(this.layout);
    void this.#registry.usable.then(() => this.#log.open({ logsDir: dirname(logFile), logFile }));
    const tag = newTagPrefix(this.layout.stateDir);
    const owner = {
      ownerId: this.ownerId,
      layout: this.layout,
      graceMs,
      tag,
      emit: <K extends keyof ManagerEvents>(event: K, payload: ManagerEvents[K]) => this.#emit(event, payload),
      self: selfIdentity(this.ownerId, tag),
    };
    this.#guardian = createGuardianLink(owner, {
      enabled: options.guardian ?? false,
      // The guardian appends to our own JSONL file; with a caller's logger (or none) it stays silent.
      logFd: () => (options.logger === undefined ? this.#log.fd : null),
      record: (guardian) => recordGuardian(owner, guardian, this.#pidFileHeld),
      cgroup: () => this.#units.cgroup,
      snapshot: (self) => this.#children.all().flatMap((child) => child.record(self) ?? []),
    });
    this.#host = {
      ...owner,
      registry: this.#registry,
      guardian: this.#guardian,
      children: this.#children,
      units: this.#units,
      accepting: () => this.#stopping === null,
    };
  }

  /**
   * The grace this manager gives between the graceful and the force signal (ManagerOptions.graceMs,
   * default 3000): what kill(), killAll() and shutdown() use unless told otherwise. Read-only.
   */
  get graceMs(): number {
    return this.#graceMs;
  }

  get guardianPid(): number | null {
    return this.#guardian.pid;
  }

  /** The containment in use (`cgroup2`, or `none` with the reason) and, when contained, the owner's cgroup. */
  get containment(): ContainmentInfo & { cgroup: string | null } {
    return { ...this.#units.info, cgroup: this.#units.cgroup };
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
      await this.#registry.open();
      if (this.#options.singleInstance) await assertNoLiveHolder(this.#host);
      const cleanup = await cleanupOrphans(
        this.#host,
        this.#registry,
        this.#children.pids(),
        false,
        this.#units.containment,
      );
      this.#pidFileHeld = await claimInstance(this.#host, {
        singleInstance: this.#options.singleInstance ?? false,
        pidFile: this.#options.pidFile ?? true,
        name: this.#options.name,
        cgroup: this.#units.cgroup,
      });
      // A chosen id must be ours alone (a generated one is new). Checked once this directory's
      // orphans are gone, and after the PID file: a second instance here is ERR_INSTANCE_RUNNING.
      if (this.#options.ownerId !== undefined)
        await assertOwnerIdFree(this.ownerId).catch(async (error) => {
          await releaseInstance(this.#host, this.#pidFileHeld);
          throw error;
        });
      this.#claimed = true;
      await this.#guardian.start();
      const handleSignals = this.#options.handleSignals ?? true;
      const handleErrors = this.#options.handleErrors ?? false;
      if ((handleSignals || handleErrors) && !this.#stopping)
        this.#uninstall = installShutdownHandling(
          { shutdown: (reason) => this.#shutdown(reason), forceSync: () => this.#forceSync() },
          { handleSignals, handleErrors },
        );
      return { cleanup };
    })();
    return this.#started;
  }

  spawn(command: string, args?: string[], options: SpawnOptions = {}): ManagedProcess {
    const cmd = check.checkCommand(command);
    const argv = check.checkArgs(args);
    const opts = checkSpawnOptions(options);
    return launch(this.#host, this.#children, {
      command: cmd,
      args: argv,
      options: opts,
      scriptPath: opts.scriptPath ?? cmd,
      name: opts.name ?? basename(opts.scriptPath ?? cmd),
      watchParent: opts.watchParent ?? false,
    });
  }

  spawnScript(path: string, options: ScriptOptions = {}): ManagedProcess {
    const opts = checkSpawnOptions(options) as ScriptOptions;
    const spec = scriptSpec(path, opts, {
      runtime: this.#options.runtime ?? 'auto',
      preload: this.#options.preload,
      sdkPreload: this.#options.sdkPreload,
      bunPath: this.#options.bunPath,
      env: this.#options.env ?? process.env,
      onNodeFallback: (discovery) => {
        if (this.#saidNodeFallback) return;
        this.#saidNodeFallback = true;
        this.#emit('runtime-fallback', { runtime: 'node', reason: discovery.note, shim: discovery.shim });
      },
    });
    return launch(this.#host, this.#children, spec);
  }

  /**
   * Track a process spawned elsewhere (a pid, a ChildProcess or an execa subprocess) with the
   * guarantees of our own spawns. Resolves once verified and durably recorded; refusals reject
   * with a CoreError (ERR_PROTECTED_PID, ERR_NOT_RUNNING, ERR_IDENTITY_MISMATCH,
   * ERR_ALREADY_TRACKED) and record nothing. See the README for what adoption cannot guarantee.
   */
  adopt(target: number | ChildProcess, options?: AdoptOptions): Promise<AdoptedProcess> {
    return adopt(this.#host, this.#children, target, options, this.#guardian.pid);
  }

  list(): ProcessInfo[] {
    return this.#children.all().map((child) => child.info);
  }

  get(pid: number): ProcessInfo | undefined {
    return this.#children.get(pid)?.info;
  }

  async kill(pid: number, options?: KillOptions): Promise<TerminateReport> {
    check.checkPid(pid);
    const opts = check.checkKillOptions(options);
    const child = this.#children.get(pid);
    if (!child) throw new CoreError('ERR_NOT_TRACKED', `pid ${pid} is not a child of this manager`);
    return child.kill(opts);
  }

  async killAll(options?: { graceMs?: number }): Promise<TerminateReport[]> {
    const opts = check.checkKillOptions(options);
    const graceMs = opts.graceMs ?? this.#graceMs;
    const reports = await this.#children.killAll({ ...opts, graceMs });
    // What exited children left behind in their units (escaped daemons) goes too.
    await this.#units.endLingering({ graceMs });
    return reports;
  }

  async cleanupOrphans(options: { dryRun?: boolean } = {}): Promise<CleanupResult> {
    return cleanupOrphans(
      this.#host,
      this.#registry,
      this.#children.pids(),
      options?.dryRun === true,
      this.#units.containment,
    );
  }

  /** The inspection functions over this manager's state directory (loaded on first use: `@lifeline/core/inspect`). */
  #inspect(): Promise<[typeof import('../inspect/functions'), InspectContext]> {
    const ctx: InspectContext = {
      ownerId: this.ownerId,
      layout: this.layout,
      graceMs: this.#graceMs,
      registry: this.#registry,
      killOwn: (pid, options) => this.#children.get(pid)?.kill(options) ?? null,
    };
    return import('../inspect/functions').then((functions) => [functions, ctx]);
  }

  async listTracked(): Promise<TrackedProcess[]> {
    const [inspect, ctx] = await this.#inspect();
    return inspect.listTracked(ctx);
  }

  async killTracked(pids: number[], options?: KillOptions): Promise<TrackedKillResult[]> {
    if (!Array.isArray(pids))
      throw new CoreError('ERR_INVALID_ARGUMENT', `pids must be an array of pids, got ${describe(pids)}`);
    pids.forEach((pid, i) => {
      check.checkPid(pid, `pids[${i}]`);
    });
    const [inspect, ctx] = await this.#inspect();
    return inspect.killTracked(ctx, pids, check.checkKillOptions(options));
  }

  async status(): Promise<StateStatus> {
    const [inspect, ctx] = await this.#inspect();
    return inspect.status(ctx);
  }

  /** Ends every child (with grace), removes the PID and owner files, stops the guardian, flushes the log. Does not exit. */
  shutdown(options?: { graceMs?: number }): Promise<void> {
    const graceMs = check.checkKillOptions(options).graceMs;
    return this.#shutdown('shutdown() called', graceMs);
  }

  /**
   * Write out what the log and the registry have buffered, without stopping anything: every
   * removal queued by a wait()/kill() that already resolved is durable once this resolves.
   */
  async flush(): Promise<void> {
    await this.#registry.flush();
    await this.#log.flush();
  }

  /**
   * Release a manager: for one that was started, the same as shutdown(). For one that never
   * was (a CLI command that only looked), just flush and close the registry and the log: no
   * shutdown event, no sweep of its tag, nothing signalled. Spawning is refused afterwards.
   */
  close(): Promise<void> {
    if (this.#started || this.#children.size > 0) return this.#shutdown('close() called');
    this.#stopping ??= (async () => {
      await this.#registry.settle();
      // Children that already exited leave their (empty) cgroups behind: removed, nothing signalled.
      await this.#units.dispose();
      await this.#registry.close((error) => this.#emit('error', { error, context: 'closing the registry' }));
      await this.#log.close();
    })();
    return this.#stopping;
  }

  #shutdown(reason: string, graceMs = this.#graceMs): Promise<void> {
    this.#stopping ??= (async () => {
      const started = performance.now();
      await this.#started?.catch(() => undefined);
      try {
        await this.#children.killAll({ graceMs });
        // Every unit of ours (escaped members of exited children too), then the owner cgroup itself.
        await this.#units.endAll({ graceMs });
        await this.#units.dispose();
        await sweepOwnTag(await this.#host.self(), graceMs);
      } catch (error) {
        this.#emit('error', { error: error as Error, context: 'shutdown: ending children' });
      }
      await this.#registry.settle(); // the children's records leave the file before the guardian is told we are done
      await this.#guardian.stop(); // after our children are gone: it exits quietly
      if (this.#claimed) await releaseInstance(this.#host, this.#pidFileHeld);
      await this.#registry.close((error) => this.#emit('error', { error, context: 'closing the registry' }));
      this.#emit('shutdown', { reason, durationMs: performance.now() - started });
      await this.#log.close();
      this.#uninstall?.();
      this.#uninstall = null;
    })();
    return this.#stopping;
  }

  /** Exit path: no grace left. Force every unit and every child's tree, release our files, flush the log. */
  #forceSync(): void {
    // Contained children first: one cgroup.kill per unit takes every member, escaped or not.
    this.#units.forceSync();
    this.#children.forceKillSync();
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
