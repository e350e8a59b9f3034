import { EventEmitter } from 'node:events';
import { mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ExitResult } from '@lifeline/core';
import type { ScriptEntry } from './catalog/discover';
import { messageOf } from './errors';
import type { ManagerPort } from './manager-port';
import { describeExit, describeReport } from './outcome';
import { runLogFile, withPid } from './paths';

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
  logFile: string;
  /** The last thing worth telling the user (how it ended, why it failed to start). */
  message: string | null;
}

export interface RunTrackerOptions {
  logsDir: string;
  graceMs?: number;
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
      logFile: runLogFile(this.#options.logsDir, script.name, this.#seq),
      message: null,
    };
    this.#runs.push(run);
    const refusal = this.#refusal(script);
    if (refusal) return this.#fail(run, refusal);
    let handle: ReturnType<ManagerPort['spawnScript']>;
    try {
      mkdirSync(dirname(run.logFile), { recursive: true, mode: 0o700 });
      handle = this.#manager.spawnScript(script.path, {
        name: script.name,
        stdio: 'ignore',
        stdoutFile: run.logFile,
        stderrFile: run.logFile,
        env: { LIFELINE_NAME: script.name },
      });
    } catch (error) {
      return this.#fail(run, `${script.name} could not start: ${messageOf(error)}`);
    }
    run.pid = handle.pid || null;
    if (run.pid) {
      // The child writes through its open descriptor, which a rename does not disturb.
      try {
        const named = withPid(run.logFile, run.pid);
        renameSync(run.logFile, named);
        run.logFile = named;
      } catch {
        // keep the first name: the output is there all the same
      }
    }
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

  /** End one run's process tree: SIGTERM, then SIGKILL after the grace period. Resolves with the outcome line. */
  async end(id: number): Promise<string> {
    const run = this.#runs.find((r) => r.id === id);
    if (!run) return `no run #${id}`;
    if (isDone(run) || run.pid === null) return `${run.script} is not running`;
    run.state = 'stopping';
    run.message = 'ending: SIGTERM sent…';
    this.#changed();
    try {
      const report = await this.#manager.kill(run.pid, { graceMs: this.#options.graceMs });
      run.message = `${run.script} (pid ${run.pid}): ${describeReport(report, run.pid)}`;
    } catch (error) {
      run.message = `${run.script} (pid ${run.pid}): could not end it: ${messageOf(error)}`;
    }
    this.#changed();
    return run.message;
  }

  /** End every running process. Resolves with one summary line. */
  async endAll(): Promise<string> {
    const active = this.active().filter((run) => run.pid !== null);
    if (active.length === 0) return 'nothing is running';
    const lines = await Promise.all(active.map((run) => this.end(run.id)));
    const forced = lines.filter((line) => line.includes('force-killed')).length;
    return `ended ${active.length} process${active.length === 1 ? '' : 'es'}${forced ? ` (${forced} needed SIGKILL)` : ''}`;
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
