import type { LayoutPreset, ProcessRecord, RecordOutput, StateLayout } from '@lifeline/persistence';
import type { ProcessIdentity, TerminateReport } from '@lifeline/platform-kill';

/** A live child as the registry knows it: Script Kit's ProcessInfo plus identity, group, command and owner. */
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
  /** The cgroup holding the child and everything it starts (containment cgroup2); null when not contained. */
  cgroup: string | null;
  /** Taken on with `adopt()` rather than spawned by this manager. */
  adopted?: boolean;
  /**
   * Where its output goes when captured to files (`stdoutFile` / `stderrFile`, as absolute paths;
   * the same path in both when they share a file); absent when not captured. Persisted in the
   * record as `output`, so `lifeline logs NAME|PID` finds it.
   */
  output?: RecordOutput;
}

export interface ExitResult {
  pid: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  durationMs: number;
  /** With `buffer: true`: what the child wrote to its stdout / stderr pipes (UTF-8). */
  stdout?: string;
  stderr?: string;
}

/** The typed events a manager emits (and logs as JSONL under the same names). */
export interface ManagerEvents {
  /** `name` and `output` (its capture files, when captured) as in ProcessInfo: the log keeps where a finished child's output went. */
  spawned: {
    pid: number;
    pgid: number | null;
    command: string;
    scriptPath: string;
    name: string;
    output?: RecordOutput;
  };
  /** adopt() verified a process spawned elsewhere and now tracks it. */
  adopted: { pid: number; pgid: number | null; command: string; scriptPath: string };
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
  /** start() left the PID file alone: another live instance holds it (not single-instance mode). */
  'pid-file-kept': { holderPid: number; holderOwner: string | null; path: string };
  /** A state file was unreadable: it was moved aside (never deleted) and replaced. */
  'state-corrupt': { path: string; quarantinedTo: string; reason: string };
  /**
   * spawnScript with runtime 'auto' found no usable bun and runs the script with node: why (for
   * example a `#!` shim on PATH whose binary could not be found). Once per manager.
   */
  'runtime-fallback': { runtime: 'node'; reason: string; shim: string | null };
  /** Shutdown finished: children ended, PID and owner files released. */
  shutdown: { reason: string; durationMs: number };
  error: { error: Error; context: string };
}

export type OrphanDecision =
  | 'killed'
  | 'would-kill'
  | 'already-gone'
  | 'reused'
  | 'owner-alive'
  | 'not-ours'
  | 'unverified'
  | 'refused'
  | 'failed';

export interface OrphanEntry {
  record: ProcessRecord | null;
  pid: number;
  decision: OrphanDecision;
  reason: string;
  /**
   * How it was found: in the registry file, only by a dead owner's LIFELINE_TAG, or only as a
   * member of a dead owner's cgroup (containment cgroup2; ended by reclaiming that cgroup).
   */
  source: 'registry' | 'owner-tag' | 'cgroup';
  /** source 'cgroup': the unit cgroup it was found in (`…/lifeline-<ownerId>[@<instance>]/c-<n>`). */
  cgroup?: string;
  report?: TerminateReport;
}

export interface CleanupResult {
  dryRun: boolean;
  entries: OrphanEntry[];
  killed: number;
  /** Entries refused (a protected pid: never signalled) or failed (still alive): a cleanup with any is not clean. */
  refused: number;
  durationMs: number;
  /** Set when the registry file was corrupt (it was quarantined; salvaged records were still handled). */
  corruption?: import('@lifeline/persistence').CorruptionReport;
  /** Bad entries of owners/ (a FIFO, a directory, a symlink, bad JSON): reported, the rest used. */
  ownerProblems?: import('@lifeline/persistence').CorruptionReport[];
  /** Dead owners' cgroups (containment cgroup2): found by listing and in their files; reclaimed unless a dry run. */
  cgroups: CgroupCleanup[];
}

export interface CgroupCleanup {
  ownerId: string;
  /** The owner cgroup (`…/lifeline-<ownerId>`). */
  path: string;
  /** Every process found in its units (escaped or not), ended unless a dry run. */
  members: number[];
  decision: 'would-reclaim' | 'reclaimed' | 'failed';
  /** The owner cgroup and its units were removed. */
  removed: boolean;
}

export type { RecordOutput, StateLayout };

// ---------------------------------------------------------------------------
// The manager's public shapes (docs/ARCHITECTURE.md, @lifeline/core).
// ---------------------------------------------------------------------------

export interface ManagerOptions {
  /** State directory. Default: env LIFELINE_HOME, else the platform default (persistence's resolveLayout). */
  stateDir?: string;
  /** A preset name or a ready layout. Default 'lifeline'. */
  layout?: LayoutPreset | StateLayout;
  /** The LIFELINE_OWNER value every child carries. Default 'll-' + random hex. Letters, digits, '.', '_', '-'. */
  ownerId?: string;
  /** Instance display name (owners/<id>.json). */
  name?: string;
  /** Default: an async pino JSONL logger writing to layout.logFile. false: no log. */
  logger?: import('pino').Logger | false;
  /** Grace between the graceful and the force signal. Default 3000 ms. */
  graceMs?: number;
  /**
   * Start the guardian in start(): a small separate process that ends every child's tree if
   * this process dies without shutting down (even by SIGKILL). Default false. See the README.
   */
  guardian?: boolean;
  /** start() throws ERR_INSTANCE_RUNNING if a live instance holds the PID file. */
  singleInstance?: boolean;
  /**
   * start() writes the main PID file. Default true. Without singleInstance, a file held by
   * another live instance is never replaced (logged as `pid-file-kept`). false: never written.
   */
  pidFile?: boolean;
  /**
   * start() installs shutdown handling: SIGINT/SIGTERM/SIGHUP and beforeExit shut down
   * gracefully; signal-exit's exit hook force-kills what is left (the last chance). Default true.
   */
  handleSignals?: boolean;
  /**
   * start() installs process-wide `uncaughtException` / `unhandledRejection` handlers that
   * print the error, shut down gracefully (children ended) and exit 1. Default false: a library
   * does not change how its host app crashes unless asked (the launcher and `lifeline run` ask).
   */
  handleErrors?: boolean;
  /** Runtime for spawnScript. 'auto' (default) = bun when found (see bunPath), else node. */
  runtime?: 'auto' | 'bun' | 'node';
  /**
   * The bun executable for spawnScript. Default: `bun` on PATH when it is a real binary; a
   * node_modules/.bin/bun shell wrapper (or no bun on PATH) resolves to the `bun` npm package's
   * bin/bun.exe when one is installed (looked up from the working directory).
   */
  bunPath?: string;
  /** Preload for spawnScript (bun --preload / node --import). Default: @lifeline/core/preload. */
  preload?: string;
  /**
   * The host's own SDK preload for spawnScript (Script Kit's `~/.scriptkit/sdk/kit-sdk.ts`),
   * loaded before `preload`: `bun run --preload <sdk> --preload <preload> <script>`, or two
   * `--import`s for node (which cannot load TypeScript: give node a .js/.mjs SDK). Both run,
   * in that order, so a host keeps its SDK and its scripts still watch their owner. Default none.
   */
  sdkPreload?: string;
  /** Environment used for LIFELINE_HOME and PATH lookups. Default process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * Kernel-enforced containment (Linux cgroup v2): each child in its own cgroup before its
   * program runs, so nothing it starts can escape kill/shutdown/the guardian/cleanup.
   * `auto` (default): used where the host allows it, else none (the reason is in
   * `manager.containment.reason` and `lifeline doctor`). `off`: never (the behaviour before
   * containment). A platform-kill `Containment` object may be passed instead (tests inject one).
   */
  containment?: import('./containment').ContainmentOption;
}

export type StdioOption = 'pipe' | 'inherit' | 'ignore' | readonly (string | number)[];

export interface SpawnOptions {
  cwd?: string;
  /** Merged over process.env; LIFELINE_OWNER is always set by the manager. */
  env?: NodeJS.ProcessEnv;
  /** Display name (record and ProcessInfo). Default: the basename of scriptPath (spawnScript: of the script). */
  name?: string;
  /** What the record calls the child (Script Kit's script_path). Default: the command. */
  scriptPath?: string;
  /**
   * node:child_process stdio. Default 'pipe': streams on handle.child. A stdout/stderr pipe still
   * unread once `ready` settled is drained (its data discarded), so a chatty child never blocks.
   */
  stdio?: StdioOption;
  /**
   * Append the child's stdout / stderr to this file (the child writes it directly, so it survives
   * us). The absolute path is kept in ProcessInfo and the record (`output`). For a file in the
   * state directory's logs (where `lifeline logs` looks), see `createOutputFile`.
   */
  stdoutFile?: string;
  stderrFile?: string;
  /** Default true for spawnScript: fd 3 is a pipe only the owner holds; EOF tells the child its owner is gone. */
  watchParent?: boolean;
  /** Collect piped stdout / stderr as text into wait()'s result (`stdout`, `stderr`). Default false. */
  buffer?: boolean;
}

export interface ScriptOptions extends SpawnOptions {
  /** Arguments after the script path. */
  args?: readonly string[];
  /** Overrides the manager's runtime for this script. */
  runtime?: 'auto' | 'bun' | 'node';
  /** Overrides the manager's preload for this script. */
  preload?: string;
  /** Overrides the manager's sdkPreload for this script; null: none. */
  sdkPreload?: string | null;
}

export interface KillOptions {
  graceMs?: number;
  signal?: NodeJS.Signals;
}

export interface ManagedProcess {
  /** The child's pid; 0 when the spawn failed (ready and wait reject with ERR_SPAWN_FAILED). */
  pid: number;
  pgid: number | null;
  info: ProcessInfo;
  /**
   * The node:child_process ChildProcess: `stdin` / `stdout` / `stderr` (and `stdio[3]`, the parent
   * pipe with watchParent) when piped, `kill(signal)` to pass a signal on to the child alone.
   * Ending a child goes through `kill()` below (tree, grace, identity-pinned), not this.
   */
  child: import('node:child_process').ChildProcess;
  /** Spawned, exec'd, identity read, durably registered. Rejects CoreError ERR_SPAWN_FAILED (no record left). */
  ready: Promise<ProcessInfo>;
  /**
   * Child exited, its group gone (stragglers ended), removed from the in-memory registry. The
   * durable removal of its record is queued, not awaited: `manager.flush()` waits for it.
   * Never rejects for a non-zero exit.
   */
  wait(): Promise<ExitResult>;
  kill(options?: KillOptions): Promise<TerminateReport>;
}

export interface AdoptOptions {
  /** What the record calls it (Script Kit's script_path). Default: the ChildProcess's file, else the process's argv[0]. */
  scriptPath?: string;
  name?: string;
  /**
   * The OS start time you read for this pid (platform-kill's `identify(pid).startTime`): a
   * process at that pid with another start time is refused (ERR_IDENTITY_MISMATCH), so a pid
   * reused since you read it is never taken. Without it, whatever runs at the pid now is adopted.
   */
  startTime?: string;
  /** The boot id read with startTime; refused when it differs. */
  bootId?: string;
  /** For a bare pid (not our child, so it cannot be waited for): how often its identity is polled to see it exit. Default 100 ms on Linux, 1000 ms elsewhere. */
  pollMs?: number;
}

/** adopt()'s handle: a ManagedProcess whose `child` is the ChildProcess you adopted, or null for a bare pid. */
export interface AdoptedProcess extends Omit<ManagedProcess, 'child'> {
  child: import('node:child_process').ChildProcess | null;
}

export interface TrackedProcess {
  record: ProcessRecord;
  state: 'running' | 'zombie' | 'gone' | 'reused' | 'unverified';
  ownerAlive: boolean;
  identity: ProcessIdentity | null;
}

export interface TrackedKillResult {
  pid: number;
  outcome: 'ended' | 'refused' | 'gone';
  reason?: string;
  report?: TerminateReport;
}

export interface StateStatus {
  layout: StateLayout;
  pidFile: {
    state: 'live' | 'stale' | 'absent';
    holder: import('@lifeline/persistence').PidFileContent | null;
  };
  owners: Array<import('@lifeline/persistence').OwnerInfo & { alive: boolean; guardianAlive: boolean | null }>;
  /** Records by state; `unverified`: a process holds the pid but the record cannot prove it is the one (never signalled). */
  tracked: { total: number; running: number; gone: number; reused: number; zombie: number; unverified: number };
  orphans: number;
  /** The containment this host gives (`cgroup2`, or `none` and why). */
  containment: import('@lifeline/platform-kill').ContainmentInfo;
  corruption?: import('@lifeline/persistence').CorruptionReport;
  /** Bad entries of owners/ and a corrupt PID file (reported, the rest used); any makes the state unhealthy. */
  problems?: import('@lifeline/persistence').CorruptionReport[];
  healthy: boolean;
}
