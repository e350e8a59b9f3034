/**
 * The public contract of @lifeline/persistence. Field names of ProcessRecord stay snake_case
 * so the file is Script Kit's `active-bun-pids.json` format: a Script Kit file reads as-is,
 * and a file we write is readable by Script Kit (it ignores the optional fields).
 */

/** The instance (launcher, CLI, …) that owns a child. */
export interface OwnerRecord {
  /** The LIFELINE_OWNER value its children carry. */
  id: string;
  pid: number;
  /** The owner's OS start time (see @lifeline/platform-kill ProcessIdentity.startTime). */
  start_time?: string | null;
  boot_id?: string | null;
  /**
   * The owner's tag prefix (LIFELINE_TAG: state-directory id and a per-instance secret): what
   * its children carry besides LIFELINE_OWNER, so a sweep can tell them from a forgery.
   */
  tag?: string;
}

export interface ProcessRecord {
  // --- Script Kit's fields (required) ---
  pid: number;
  script_path: string;
  /** ISO 8601. */
  started_at: string;
  // --- Lifeline's fields (optional: legacy records have none) ---
  pgid?: number | null;
  /** OS start time of the child, from platform-kill's identity. */
  start_time?: string | null;
  boot_id?: string | null;
  command?: string;
  owner?: OwnerRecord;
  /** A display name (the script's basename or --name). */
  name?: string;
  /** The cgroup (absolute cgroupfs path) that holds the child and everything it started; null/absent: not contained. */
  cgroup?: string | null;
  /**
   * Where the child's output goes, when it was captured to a file (core's stdoutFile/stderrFile):
   * an absolute path per stream; both the same path when they share one file. Absent: not
   * captured (inherited, piped or ignored). A reader treats the paths as untrusted input.
   */
  output?: RecordOutput;
}

/** A record's `output`: the file each captured stream is appended to. */
export interface RecordOutput {
  stdout?: string;
  stderr?: string;
}

/** What a reader found wrong with a state file (or an entry of owners/), and what it did. */
export interface CorruptionReport {
  /** The file that was corrupt. */
  path: string;
  /**
   * Where it was moved: `<name>.corrupt-<timestamp>`, never deleted. '' when it was left in
   * place: read-only mode, or not ours to move (another user's entry); see `repair`.
   */
  quarantinedTo: string;
  /** What was wrong, in words ("not valid JSON at position 12", "record 3: pid must be an integer > 1"). */
  reason: string;
  /** Valid records kept. */
  salvaged: number;
  /** Records dropped as invalid. */
  dropped: number;
  /**
   * ERR_TOO_LARGE: over the size cap, moved aside unread; ERR_STATE_SYMLINK: a symlink where a
   * state file belongs (an owners/ entry); else ERR_CORRUPT_STATE (bad content, or a FIFO or
   * directory in place of a file).
   */
  code?: 'ERR_CORRUPT_STATE' | 'ERR_TOO_LARGE' | 'ERR_STATE_SYMLINK';
  /** Set when the file was left in place: the command that repairs it (read-only mode: `lifeline cleanup`). */
  repair?: string;
}

export interface LoadResult {
  records: ProcessRecord[];
  corruption?: CorruptionReport;
}

/** What the main PID file says about its holder. */
export interface PidFileContent {
  pid: number;
  start_time?: string | null;
  boot_id?: string | null;
  owner_id?: string;
  started_at?: string;
  /** Is a guardian watching this owner? Its pid. */
  guardian_pid?: number | null;
}

/**
 * Judges a lock or PID-file holder. Default everywhere: platform-kill's `liveness` with the
 * holder's identity; a caller may pass its own (tests, or a policy of its own).
 */
export type VerifyHolder = (holder: {
  pid: number;
  start_time?: string | null;
  boot_id?: string | null;
}) => Promise<'alive' | 'zombie' | 'gone' | 'reused'>;

/**
 * The layouts Lifeline knows: its own, and each place a real Script Kit install keeps its process
 * files (README: "Script Kit layouts" names the sources): `scriptkit` = ~/.scriptkit (current app),
 * `scriptkit-sk` = ~/.sk/kit (early January 2026), `scriptkit-kenv` = ~/.kenv (the first version).
 */
export type LayoutPreset = 'lifeline' | 'scriptkit' | 'scriptkit-sk' | 'scriptkit-kenv';

/** Where the state files live. */
export interface StateLayout {
  preset: LayoutPreset;
  stateDir: string;
  registryFile: string;
  pidFile: string;
  /**
   * Where Lifeline keeps its identity of the PID file's holder when the PID file's format is not
   * its own (Script Kit's bare pid): a sidecar JSON file. null: the identity is line 2 of pidFile.
   */
  pidIdentityFile: string | null;
  logsDir: string;
  /** Lifeline's own lifecycle log (JSONL, pino lines). Never a host's log. */
  logFile: string;
  /** The host app's own log beside it (Script Kit's `script-kit-gpui.jsonl`): read, never written. null: none. */
  hostLogFile: string | null;
  /** One small file per live instance (`<ownerId>.json`, an OwnerInfo): who is running, and its guardian. */
  ownersDir: string;
}

/** A live instance's own file in ownersDir: how other instances and the CLI know who is alive. */
export interface OwnerInfo {
  id: string;
  pid: number;
  start_time?: string | null;
  boot_id?: string | null;
  started_at: string;
  /** A display name ('launcher', 'lifeline run', …). */
  name?: string;
  guardian_pid?: number | null;
  guardian_start_time?: string | null;
  /** The owner's cgroup (absolute cgroupfs path) holding one cgroup per child; null/absent: not contained. */
  cgroup?: string | null;
  /** The instance's tag prefix (see OwnerRecord.tag). */
  tag?: string;
}

/** Counters of a RegistryStore, for tests and benchmarks (group commit: ops ≫ commits). */
export interface RegistryStats {
  /** Ops committed (add, remove, removeMany, repair). */
  ops: number;
  /** Commits that wrote the file. */
  commits: number;
  /** fsyncs of the data file (one per commit). */
  fsyncs: number;
  /** fsyncs of the directory after the rename (one per commit; not possible on Windows). */
  dirFsyncs: number;
}

export interface RegistryStore {
  readonly path: string;
  /** Quarantines a corrupt file as <name>.corrupt-<ts>, salvages valid records, reports it. */
  load(): Promise<LoadResult>;
  /** = (await load()).records */
  list(): Promise<ProcessRecord[]>;
  /** Upsert by pid; resolves once durable (group commit). */
  add(record: ProcessRecord): Promise<void>;
  /** Removes the pid's record if it matches (an undefined match field is not checked). */
  remove(pid: number, match?: { start_time?: string | null; owner_id?: string }): Promise<boolean>;
  /** Returns how many of the pids had a record. */
  removeMany(pids: number[]): Promise<number>;
  /** Resolves when every op issued so far is durable (or failed). */
  flush(): Promise<void>;
  /** flush(), then refuse further ops. */
  close(): Promise<void>;
  readonly stats: Readonly<RegistryStats>;
}

export interface PidFile {
  readonly path: string;
  /** null when there is no file; throws ERR_CORRUPT_STATE when line 1 is not a valid pid. */
  read(): Promise<PidFileContent | null>;
  /**
   * Like read(), but a corrupt file (or one over the size cap) is reported instead of thrown:
   * `corruption.quarantinedTo` is '' (nothing is moved) and `repair` names the command that fixes it.
   */
  inspect(): Promise<{ holder: PidFileContent | null; corruption?: CorruptionReport }>;
  /**
   * Atomic and durable. Line 1: the bare pid (`kill $(cat file)` works); line 2: the identity JSON.
   * With an identity file (openPidFile's `identityFile`): the bare pid alone, exactly as Script Kit
   * writes it (no newline), and the identity JSON in the identity file.
   * An existing file that does not parse is first moved to `<name>.corrupt-<timestamp>` and
   * reported through openPidFile's `onCorruption`.
   */
  write(content: PidFileContent): Promise<void>;
  /** Removes the file (only if its holder matches `onlyIf`, when given). */
  remove(onlyIf?: { pid: number; start_time?: string | null }): Promise<boolean>;
  /** True when a file exists whose holder is gone, a zombie, a different process (pid reused) or unreadable. */
  isStale(verify?: VerifyHolder): Promise<boolean>;
  /**
   * Atomic single-instance: succeeds when there is no file or its holder is stale; else
   * ERR_INSTANCE_RUNNING. An unparsable file is moved aside and reported, as in write().
   */
  acquire(content: PidFileContent, verify?: VerifyHolder): Promise<void>;
}

/** Every entry of owners/ judged on its own: the valid owners, and what was wrong with the rest. */
export interface OwnersScan {
  owners: OwnerInfo[];
  problems: CorruptionReport[];
}

export interface OwnersStore {
  readonly dir: string;
  write(info: OwnerInfo): Promise<void>;
  read(id: string): Promise<OwnerInfo | null>;
  remove(id: string): Promise<boolean>;
  /**
   * Every `<id>.json` in the directory, each judged on its own: a bad one (bad content, a FIFO,
   * a directory, a symlink) is reported in `problems` (and moved aside when it is ours to move
   * and the store is not read-only) while the rest are used. No directory: no owners. A directory
   * that cannot be read throws: that is never "no owners".
   */
  scan(): Promise<OwnersScan>;
  /** = (await scan()).owners; problems go to `onCorruption`. Prefer scan(), which returns them. */
  list(): Promise<OwnerInfo[]>;
}
