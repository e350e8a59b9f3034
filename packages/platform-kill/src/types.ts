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

/** What a caller remembers about a process so it can check, later, that a pid still means it. */
export interface ExpectedIdentity {
  pid: number;
  startTime?: string | null;
  bootId?: string | null;
}

/**
 * `alive`: running (or stopped) and, when an identity was given, the same process.
 * `zombie`: exited but not yet reaped — dead for every purpose.
 * `gone`: no such process. `reused`: the pid now belongs to a different process.
 */
export type Liveness = 'alive' | 'zombie' | 'gone' | 'reused';

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

export interface ProcessReport {
  pid: number;
  pgid: number | null;
  outcome: Outcome;
  /** Why (for refused / gone), in words. */
  reason?: string;
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
  /** Can processes be found by the LIFELINE_OWNER value in their environment? (false on macOS and Windows) */
  ownerTags: boolean;
  processGroups: boolean;
  bootId: boolean;
  descendantsVia: 'proc' | 'pidtree' | 'powershell';
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
  descendants(pid: number): Promise<number[]>;
  findByOwnerTag(ownerId: string): Promise<number[]>;
  resourceUsage(pid: number): Promise<ResourceUsage | null>;
  terminate(target: TerminateTarget | number, options?: TerminateOptions): Promise<TerminateReport>;
  terminateAll(targets: TerminateTarget[], options?: TerminateOptions): Promise<TerminateReport[]>;
  forceKillSync(targets: TerminateTarget[], forceSignal?: NodeJS.Signals): ProcessReport[];
  checkSignalable(pid: number): string | null;
}
