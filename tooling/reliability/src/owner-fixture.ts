import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { fixturePath, OWNER_ENV } from '@lifeline/test-utils';

/** What fixtures/owner.mjs is told to do (JSON in env LL_REL_OWNER). */
export interface OwnerConfig {
  stateDir: string;
  ownerId: string;
  graceMs?: number;
  guardian?: boolean;
  handleSignals?: boolean;
  logger?: false;
  plan?: Array<{ kind: ChildKind; delayMs: number }>;
  crash?: { on: 'spawned' | 'registered'; index: number } | null;
  churn?: { keep: number; killGraceMs?: number; parallel?: number };
  /** Do not read commands from stdin (then nothing but the manager holds the owner's event loop). */
  noCommands?: boolean;
  /** A fault the owner raises itself 20 ms after 'all-ready'. */
  afterReady?: 'throw' | 'reject';
}

export type ChildKind =
  | 'sleeper'
  | 'tree'
  | 'setsid'
  | 'ignore-term'
  | 'tree-ignore-term'
  | 'sh-group'
  | 'sleep'
  | 'churn'
  | 'churn-node';

export interface OwnerLine {
  type: string;
  pid?: number;
  pids?: number[];
  [key: string]: unknown;
}

export const OWNER_SCRIPT = fileURLToPath(new URL('../fixtures/owner.mjs', import.meta.url));
export const SENTINEL_SCRIPT = fileURLToPath(new URL('../fixtures/sentinel.mjs', import.meta.url));

const fixtures = () => ({
  sleeper: fixturePath('sleeper'),
  tree: fixturePath('tree'),
  ignoreTerm: fixturePath('ignore-term'),
  exitWith: fixturePath('exit-with'),
  shGroup: fixturePath('sh-group'),
});

/**
 * A running fixture owner. Every line it printed is kept in order; `registered` minus
 * `exited` is what must be in the registry file if it dies now.
 */
export class OwnerProcess {
  readonly child: ChildProcess;
  readonly lines: OwnerLine[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #waiters: Array<{ test: (l: OwnerLine) => boolean; resolve: (l: OwnerLine) => void }> = [];
  #exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;

  constructor(config: OwnerConfig) {
    this.child = spawn(process.execPath, [OWNER_SCRIPT], {
      detached: true, // its own group: nothing aimed at it can reach the runner's group
      stdio: ['pipe', 'pipe', 'pipe'],
      env: {
        ...process.env,
        [OWNER_ENV]: config.ownerId,
        LL_REL_OWNER: JSON.stringify({ ...config, fixtures: fixtures() }),
      },
    });
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.#exit = { code, signal };
        resolve({ code, signal });
      }),
    );
    this.child.stdin?.on('error', () => {}); // writing to a dead owner is expected here
    createInterface({ input: this.child.stdout! }).on('line', (text) => {
      let line: OwnerLine;
      try {
        line = JSON.parse(text);
      } catch {
        return;
      }
      this.lines.push(line);
      const matched = this.#waiters.filter((w) => w.test(line));
      this.#waiters = this.#waiters.filter((w) => !matched.includes(w));
      for (const w of matched) w.resolve(line);
    });
    createInterface({ input: this.child.stderr! }).on('line', (text) => this.stderr.push(text));
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get exit() {
    return this.#exit;
  }

  /** Resolve with the first line (already seen or future) that passes `test`; reject on exit or timeout. */
  waitLine(test: (l: OwnerLine) => boolean, timeoutMs = 20_000, what = 'a line'): Promise<OwnerLine> {
    const seen = this.lines.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`owner ${this.pid}: no ${what} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const done = (l: OwnerLine) => {
        clearTimeout(timer);
        resolve(l);
      };
      this.#waiters.push({ test, resolve: done });
      this.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(
          new Error(
            `owner ${this.pid} exited (${signal ?? code}) before ${what}; stderr: ${this.stderr.slice(-5).join(' / ')}`,
          ),
        );
      });
    });
  }

  waitType(type: string, timeoutMs?: number): Promise<OwnerLine> {
    return this.waitLine((l) => l.type === type, timeoutMs, `"${type}" line`);
  }

  send(command: string): void {
    if (this.#exit === null) this.child.stdin?.write(`${command}\n`);
  }

  /** Registered and not reported exited: these records must be in the file. */
  liveRegistered(): number[] {
    const exited = new Set(this.lines.filter((l) => l.type === 'exited').map((l) => l.pid));
    return this.lines.filter((l) => l.type === 'registered' && !exited.has(l.pid)).map((l) => l.pid as number);
  }

  /** Every child pid the manager reported spawning. */
  spawned(): number[] {
    return this.lines.filter((l) => l.type === 'spawned').map((l) => l.pid as number);
  }

  /** SIGKILL the owner (our own child, still unreaped, so its pid cannot have been reused). */
  crash(): void {
    if (this.#exit === null && this.pid > 1) this.child.kill('SIGKILL');
  }
}
