import { EventEmitter } from 'node:events';
import { rmSync } from 'node:fs';
import { createOutputFile, type ExitResult } from '@lifeline/core';
import type { ScriptEntry } from './catalog/discover';
import { messageOf } from './errors';
import type { ManagerPort } from './manager-port';
import { describeExit, describeReport } from './outcome';

export type RunState = 'starting' | 'running' | 'stopping' | 'exited' | 'crashed' | 'ended' | 'failed';

/** One press of Enter (or one headless script): a child, its log, and how it ended. */
export interface Run {
  id: number;
  script: string;
  pid: number | null;
  startedAt: Date;
  endedAt: Date | null;
  state: RunState;
  exit: ExitResult | null;
  /** Its output file (stdout and stderr); '' when none could be made. The child's record names it too. */
  logFile: string;
  /** The last thing worth telling the user (how it ended, why it failed to start). */
  message: string | null;
  /** Set once the user forced it (a second `e`, a second Ctrl-C): SIGKILL was sent at once. */
  forced: boolean;
}

export interface RunTrackerOptions {
  logsDir: string;
  /** Why no script can start (runtime missing), or null. */
  runtimeProblem: string | null;
  runtime: 'bun' | 'node';
}

const DONE: ReadonlySet<RunState> = new Set(['exited', 'crashed', 'ended', 'failed']);
export const isDone = (run: Run) => DONE.has(run.state);

/**
 * Starts scripts through core and follows each run to its end. Emits 'change' (no payload)
 * whenever a run changes, for the UI; the headless printer listens to core's events instead.
 */
export class RunTracker extends EventEmitter<{ change: [] }> {
  readonly #manager: ManagerPort;
  readonly #options: RunTrackerOptions;
  readonly #runs: Run[] = [];
  readonly #settling = new Set<Promise<unknown>>();
  #seq = 0;

  constructor(manager: ManagerPort, options: RunTrackerOptions) {
    super();
    this.#manager = manager;
    this.#options = options;
  }

  /** Newest first. */
  list(): Run[] {
    return [...this.#runs].reverse();
  }

  active(): Run[] {
    return this.#runs.filter((run) => !isDone(run));
  }

  /** Start a script. Never throws: a run that cannot start is returned in state 'failed' with the reason. */
  start(script: ScriptEntry): Run {
    this.#seq += 1;
    const run: Run = {
      id: this.#seq,
      script: script.name,
      pid: null,
      startedAt: new Date(),
      endedAt: null,
      state: 'starting',
      exit: null,
      logFile: '',
      message: null,
      forced: false,
    };
    this.#runs.push(run);
    const refusal = this.#refusal(script);
    if (refusal) return this.#fail(run, refusal);
    let handle: ReturnType<ManagerPort['spawnScript']>;
    try {
      // Core makes the file and records it in the child's record (output), which is how
      // `lifeline logs NAME|PID` finds it: no file-naming convention shared with the CLI.
      run.logFile = createOutputFile(this.#options.logsDir, script.name);
      handle = this.#manager.spawnScript(script.path, {
        name: script.name,
        stdio: 'ignore',
        stdoutFile: run.logFile,
        stderrFile: run.logFile,
        env: { LIFELINE_NAME: script.name },
      });
    } catch (error) {
      // Nothing ran: the empty file it would have written is not left behind.
      if (run.logFile) rmSync(run.logFile, { force: true });
      run.logFile = '';
      return this.#fail(run, `${script.name} could not start: ${messageOf(error)}`);
    }
    run.pid = handle.pid || null;
    this.#changed();
    const ready = handle.ready.then(
      () => {
        if (run.state === 'starting') run.state = 'running';
        this.#changed();
      },
      (error) => this.#fail(run, `${script.name} could not start: ${messageOf(error)}`),
    );
    const done = handle.wait().then(
      (exit) => this.#finish(run, exit),
      () => undefined, // a failed start: ready's handler reported it
    );
    this.#track(Promise.all([ready, done]));
    return run;
  }

  /**
   * End one run's process tree: SIGTERM, then SIGKILL after the grace period. On a run that is
   * already stopping, force it: SIGKILL to its tree at once. Resolves with the outcome line,
   * which says what really happened (from the kill report and the signal sent).
   */
  async end(id: number): Promise<string> {
    const run = this.#runs.find((r) => r.id === id);
    if (!run) return `no run #${id}`;
    if (isDone(run) || run.pid === null) return `${run.script} is not running`;
    if (run.state === 'stopping') return this.#force(run);
    run.state = 'stopping';
    run.message = `ending ${run.script} (pid ${run.pid}): SIGTERM sent; SIGKILL in ${this.#graceText()} if it ignores it (e again: now)`;
    this.#changed();
    const line = await this.#kill(run, 'SIGTERM');
    // Forced meanwhile: the force's line is the true story of how it ended.
    if (!run.forced) run.message = line;
    this.#changed();
    return run.message ?? line;
  }

  /** End every running process. `force`: SIGKILL at once, also to runs already stopping. Resolves with one summary line. */
  async endAll(options: { force?: boolean } = {}): Promise<string> {
    const active = this.active().filter((run) => run.pid !== null);
    if (active.length === 0) return 'nothing is running';
    const lines = await Promise.all(active.map((run) => (options.force ? this.#force(run) : this.end(run.id))));
    // A run forced meanwhile (second Ctrl-C) counts even when its SIGTERM call returned first.
    const forced = active.filter((run, i) => run.forced || lines[i]?.includes('force-killed')).length;
    const verb = options.force ? 'force-killed' : 'ended';
    return `${verb} ${active.length} process${active.length === 1 ? '' : 'es'}${forced && !options.force ? ` (${forced} needed SIGKILL)` : ''}`;
  }

  async #force(run: Run): Promise<string> {
    if (run.pid === null || isDone(run)) return `${run.script} is not running`;
    run.forced = true;
    run.state = 'stopping';
    run.message = `forcing ${run.script} (pid ${run.pid}): SIGKILL sent at once`;
    this.#changed();
    run.message = await this.#kill(run, 'SIGKILL');
    this.#changed();
    return run.message;
  }

  async #kill(run: Run & { pid: number | null }, signal: 'SIGTERM' | 'SIGKILL'): Promise<string> {
    const pid = run.pid as number;
    try {
      const report = await this.#manager.kill(
        pid,
        signal === 'SIGKILL' ? { signal, graceMs: 0 } : {}, // SIGTERM: the manager's own grace
      );
      return `${run.script} (pid ${pid}): ${describeReport(report, pid, signal)}`;
    } catch (error) {
      return `${run.script} (pid ${pid}): could not end it: ${messageOf(error)}`;
    }
  }

  #graceText(): string {
    const ms = this.#manager.graceMs;
    return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
  }

  /** Resolves once every run started so far has finished (exited and unregistered, or failed). */
  async settled(): Promise<void> {
    while (this.#settling.size > 0) await Promise.all(this.#settling);
  }

  #refusal(script: ScriptEntry): string | null {
    if (this.#options.runtimeProblem) return this.#options.runtimeProblem;
    if (script.needsBun && this.#options.runtime === 'node')
      return `${script.name} is TypeScript and the runtime is node ${process.versions.node}, which cannot run it; install bun or use a .mjs script`;
    return null;
  }

  #fail(run: Run, message: string): Run {
    run.state = 'failed';
    run.endedAt = new Date();
    run.message = message;
    this.#changed();
    return run;
  }

  #finish(run: Run, exit: ExitResult): void {
    run.exit = exit;
    run.endedAt = new Date();
    if (run.state === 'stopping') run.state = 'ended';
    else run.state = exit.exitCode === 0 ? 'exited' : 'crashed';
    // An end we asked for is described by end() from the kill report; anything else here.
    if (run.state !== 'ended')
      run.message = `${run.script} (pid ${run.pid}) ${describeExit(exit.exitCode, exit.signal)}`;
    this.#changed();
  }

  #track(promise: Promise<unknown>): void {
    const settled = promise.finally(() => this.#settling.delete(settled));
    this.#settling.add(settled);
  }

  #changed(): void {
    this.emit('change');
  }
}
