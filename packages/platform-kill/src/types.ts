import type { ContainmentInfo } from './containment/types';

/**
 * The public contract of @lifeline/platform-kill. Every adapter (linux, darwin, windows)
 * produces these shapes; callers never see which adapter answered.
 */

/** Scheduler state, normalised across platforms. A zombie is dead for every purpose here. */
export type ProcessState = 'running' | 'sleeping' | 'disk-sleep' | 'stopped' | 'zombie' | 'dead' | 'idle' | 'unknown';

/** Who a process is, as the operating system records it. */
export interface ProcessIdentity {
  pid: number;
  ppid: number;
  /** Process group id; null where the platform has no process groups (Windows). */
  pgid: number | null;
  /** Session id; null where unknown. */
  sid: number | null;
  state: ProcessState;
  /**
   * Start time exactly as the OS records it, as an opaque string compared for equality:
   * Linux: field 22 of /proc/<pid>/stat (clock ticks since boot, decimal);
   * macOS/BSD: `ps -o lstart=` normalised to ISO 8601; Windows: Win32_Process.CreationDate.
   */
  startTime: string;
  /** /proc/sys/kernel/random/boot_id on Linux; null where the platform gives none. */
  bootId: string | null;
  /** The full command line, arguments joined by single spaces ('' for kernel threads). */
  command: string;
  /** The argument vector where the platform gives it exactly (Linux /proc/<pid>/cmdline). */
  argv?: string[];
  /** Short executable name (Linux comm, Windows Name). */
  name?: string;
}

/**
 * What a caller remembers about a process so it can check, later, that a pid still means it.
 * A ProcessIdentity is one. A missing (null, undefined or empty) startTime or bootId is "not
 * recorded"; what that means is decided in one place, `compareIdentity` (see IdentityMatch).
 */
export interface ExpectedIdentity {
  pid: number;
  startTime?: string | null;
  bootId?: string | null;
}

/**
 * A persisted identity as Lifeline's state files spell it (persistence's ProcessRecord,
 * OwnerRecord, PidFileContent, lock holders): snake_case, fields optional. Structural, so this
 * package never imports persistence. Map it with `expectedFromRecord`.
 */
export interface IdentityRecord {
  pid: number;
  start_time?: string | null;
  boot_id?: string | null;
}

/**
 * The one identity rule (`compareIdentity(expected, actual)`), in this order:
 * 1. pids differ → `different`.
 * 2. a start time missing on either side → `unverifiable` (a reused pid cannot be told from the original).
 * 3. start times differ → `different`.
 * 4. boot ids on both sides: equal → `same`, differ → `different` (another boot: another process).
 * 5. boot ids on neither side → `same`: the platform gives none (macOS, Windows), and there a start
 *    time is a wall-clock timestamp that does not repeat across boots.
 * 6. a boot id on one side only → `unverifiable`: on Linux a start time counts clock ticks since
 *    boot and repeats across boots, so without both boot ids the boot cannot be told apart.
 * Only `same` may be signalled; `unverifiable` is never signalled and never called reused.
 */
export type IdentityMatch = 'same' | 'different' | 'unverifiable';

/**
 * `alive`: running (or stopped) and, when an identity was given, the same process.
 * `zombie`: exited but not yet reaped — dead for every purpose.
 * `gone`: no such process. `reused`: the pid now belongs to a different process.
 * `unverified`: a process holds the pid, but the expected identity cannot prove it is the one
 * meant (IdentityMatch `unverifiable`: no start time recorded, or a boot id on one side only).
 * Without an expected identity, liveness checks existence only and never answers `unverified`.
 */
export type Liveness = 'alive' | 'zombie' | 'gone' | 'reused' | 'unverified';

/** What snapshot() reads in one pass over the process table. */
export interface SnapshotQuery {
  /** Pids whose identity the decision needs (records, owners). Missing ones read as gone. */
  pids?: readonly number[];
  /** Owner ids (LIFELINE_OWNER values) whose carriers are wanted. Needs capabilities.ownerTags. */
  tags?: readonly string[];
}

/**
 * The process table as one decision sees it, read once. Verdicts from it use the one identity
 * rule (livenessOf), so they are what liveness()/livenessMany() would have answered at the
 * moment it was taken; it is a picture of that moment, not a pin: whatever is signalled later is
 * re-verified by terminate as always.
 */
export interface ProcessSnapshot {
  /** Identity (no argv: `command` is '') of every requested pid that exists and of every tagged process. */
  readonly identities: ReadonlyMap<number, ProcessIdentity>;
  /** Each requested owner id → live, non-zombie pids carrying it (never the calling process). */
  readonly tagged: ReadonlyMap<string, readonly number[]>;
  /** Liveness of a requested pid (or a tagged one) from the snapshot; throws ERR_INVALID_OPTION for a pid it did not read. */
  liveness(expected: ExpectedIdentity): Liveness;
  /**
   * Carriers of owner tags among the processes this snapshot listed (no second listing), leaving
   * out `except` — pids the caller has already decided on, whose environment is then never read.
   * For a decision that learns which owners are dead from the snapshot itself. What it finds is
   * added to `identities` and can be judged with liveness().
   */
  findTagged(tags: readonly string[], except?: ReadonlySet<number>): Promise<ReadonlyMap<string, readonly number[]>>;
  /**
   * findByEnvValue over this snapshot's listing (no second readdir): live carriers of variable
   * `name` equal to — or, with `prefix`, starting with — one of `values`, each value → its pids
   * (every value is a key). `except` pids are never read. Found identities join `identities`.
   */
  findByEnv(
    name: string,
    values: readonly string[],
    options?: { prefix?: boolean; except?: ReadonlySet<number> },
  ): Promise<ReadonlyMap<string, readonly number[]>>;
}

/** A holder check's answer (persistence's VerifyHolder shape): `unverified` counts as `alive`. */
export type HolderLiveness = Exclude<Liveness, 'unverified'>;

/** What to end: one process (and by default its whole tree), or a process group. */
export type TerminateTarget =
  | { pid: number; expect?: ExpectedIdentity; tree?: boolean }
  | { pgid: number; expect?: ExpectedIdentity; tree?: boolean };

export interface TerminateOptions {
  /** Graceful signal. Default SIGTERM. */
  signal?: NodeJS.Signals;
  /** How long to wait after the graceful signal before forcing. Default 3000 ms. 0 forces at once. */
  graceMs?: number;
  /** Force signal. Default SIGKILL. */
  forceSignal?: NodeJS.Signals;
  /** How long to wait for confirmation after the force signal before reporting survivors. Default 2000 ms. */
  confirmMs?: number;
  /** Poll interval while waiting for exits. Default 2 ms (reads /proc, cheap). */
  pollMs?: number;
}

/**
 * `exited`: dead before we sent anything. `terminated`: died after the graceful signal.
 * `killed`: died after the force signal. `gone`: not found, or the pid was reused.
 * `refused`: never signalled, see `reason`. `failed`: signalling failed, see `error`.
 */
export type Outcome = 'exited' | 'terminated' | 'killed' | 'gone' | 'refused' | 'failed';

/**
 * Why a process was not signalled (or no longer), as a stable code beside `reason`'s words:
 * `no-such-process`, `no-such-group` (gone: nothing there);
 * `pid-reused` (gone: the pid now names another process — found when the target's expected
 * identity did not match, or when a member was re-verified before a signal or while waiting;
 * nothing was sent to it from then on);
 * `identity-unverified` (refused: the identity cannot be verified, IdentityMatch `unverifiable`);
 * `protected` (refused: pid 1, this process, its group, an ancestor);
 * `not-in-group` (refused: `{ pgid, expect }` whose expected process is not in that group);
 * `no-process-groups` (refused: a pgid target where the platform has no groups).
 */
export type ReasonCode =
  | 'no-such-process'
  | 'no-such-group'
  | 'pid-reused'
  | 'identity-unverified'
  | 'protected'
  | 'not-in-group'
  | 'no-process-groups';

export interface ProcessReport {
  pid: number;
  pgid: number | null;
  outcome: Outcome;
  /** Why (for refused / gone), in words. */
  reason?: string;
  /** Why (for refused / gone), as a code. */
  reasonCode?: ReasonCode;
  /** For failed: the error code and message. */
  error?: { code: string; message: string };
  /** Milliseconds from the graceful signal to confirmed death, when it died. */
  diedAfterMs?: number;
}

export interface TerminateReport {
  target: TerminateTarget;
  /** True when the force signal had to be sent to at least one process. */
  escalated: boolean;
  durationMs: number;
  processes: ProcessReport[];
  /** Pids still alive when terminate gave up (should always be empty). */
  survivors: number[];
}

/** Runs an external command; injectable so adapters can be tested against canned output. */
export type CommandRunner = (
  file: string,
  args: readonly string[],
  options?: CommandOptions,
) => Promise<{ stdout: string; stderr: string; exitCode: number }>;

/** What the platform can and cannot do, so callers can say so plainly. */
export interface Capabilities {
  platform: 'linux' | 'darwin' | 'windows';
  /** Can processes be found by the LIFELINE_OWNER value in their environment? (Linux: all readable; macOS: our own user's; Windows: no) */
  ownerTags: boolean;
  processGroups: boolean;
  bootId: boolean;
  descendantsVia: 'proc' | 'ps' | 'powershell';
  /**
   * Kernel-enforced containment this host offers: `cgroup2`, or `none` with the reason
   * (cgroup2 absent, read-only, not delegated, not Linux). Detected on first read.
   */
  containment: ContainmentInfo;
}

/** Options for one command run. */
export interface CommandOptions {
  /** Extra environment variables (merged over the current environment). */
  env?: Record<string, string>;
}

/** The synchronous twin of CommandRunner, used only by forceKillSync (exit hooks cannot await). */
export type CommandRunnerSync = (
  file: string,
  args: readonly string[],
  options?: CommandOptions,
) => { stdout: string; stderr: string; exitCode: number };

/** How signals are sent: process.kill by default; injectable so sample-based adapters never signal real pids. */
export type KillFunction = (pid: number, signal: NodeJS.Signals | 0) => void;

export interface ResourceUsage {
  rssBytes: number;
  cpuSeconds: number;
}

export interface CreatePlatformOptions {
  /** Which adapter to use. Default: the host platform. */
  platform?: 'linux' | 'darwin' | 'windows';
  /** Runs external commands (ps, PowerShell, taskkill). Default: node:child_process execFile. */
  runner?: CommandRunner;
  /** Synchronous runner for forceKillSync. Default: node:child_process execFileSync. */
  runnerSync?: CommandRunnerSync;
  /** Sends signals. Default process.kill. Required (with runner) when platform is not the host's. */
  kill?: KillFunction;
  /** Environment used to locate system tools (SystemRoot on Windows). Default process.env. */
  env?: Record<string, string | undefined>;
}

/** Every public function of the package, bound to one adapter. */
export interface Platform {
  readonly capabilities: Capabilities;
  identify(pid: number): Promise<ProcessIdentity | null>;
  identifySync(pid: number): ProcessIdentity | null;
  sameProcess(a: ExpectedIdentity, b: ExpectedIdentity): boolean;
  liveness(pid: number, expected?: ExpectedIdentity): Promise<Liveness>;
  livenessMany(expected: ExpectedIdentity[]): Promise<Liveness[]>;
  /**
   * Does the process a state file names (lock, PID file, owner file) still hold it? The record
   * through expectedFromRecord and the identity rule, except that `unverified` answers `alive`:
   * a file is never taken from a process that may still be its holder. A pid that is not a
   * positive integer names nobody: `gone`.
   */
  holderLiveness(record: IdentityRecord): Promise<HolderLiveness>;
  descendants(pid: number): Promise<number[]>;
  findByOwnerTag(ownerId: string): Promise<number[]>;
  /**
   * Live processes whose environment variable `name` equals one of `values` exactly (with
   * `{ prefix: true }`: starts with one), each wanted value mapped to the pids carrying it.
   * Linux only for now (ERR_UNSUPPORTED_PLATFORM elsewhere).
   */
  findByEnvValue(
    name: string,
    values: readonly string[],
    options?: { prefix?: boolean },
  ): Promise<Map<string, number[]>>;
  /**
   * One pass over the process table for a whole decision: identities of `pids`, carriers of
   * `tags` (now, or later through findTagged). Linux: one readdir, a stat read per existing
   * requested pid, and (for tags) one environ read per process for all tags at once.
   * Elsewhere: identifyMany + findByOwnerTag.
   */
  snapshot(query?: SnapshotQuery): Promise<ProcessSnapshot>;
  resourceUsage(pid: number): Promise<ResourceUsage | null>;
  terminate(target: TerminateTarget | number, options?: TerminateOptions): Promise<TerminateReport>;
  terminateAll(targets: TerminateTarget[], options?: TerminateOptions): Promise<TerminateReport[]>;
  forceKillSync(targets: TerminateTarget[], forceSignal?: NodeJS.Signals): ProcessReport[];
  checkSignalable(pid: number): string | null;
  /** checkSignalable for many pids against one read of this process's own pid, group and ancestors. */
  checkSignalableMany(pids: readonly number[]): Array<string | null>;
}
