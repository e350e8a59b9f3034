import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { OWNER_ENV, procState, waitFor } from '@lifeline/test-utils';
import { SENTINEL_SCRIPT } from './owner-fixture';

const TRAPPED = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGQUIT'] as const;

/**
 * The processes nothing may ever signal: the runner itself (the CLI's parent), the runner's
 * parent, PID 1, and a sentinel bystander that logs every catchable signal it receives.
 * The runner traps catchable signals while armed and counts them instead of dying.
 */
export class Protected {
  readonly runner = process.pid;
  readonly parent = process.ppid;
  readonly received: string[] = [];
  sentinel!: { pid: number; child: ChildProcess; log: string };
  #handlers: Array<[string, () => void]> = [];

  async arm(owner: string, logFile: string): Promise<void> {
    for (const signal of TRAPPED) {
      const handler = () => {
        this.received.push(signal);
        // Two Ctrl-C in a row still stop the suite.
        if (signal === 'SIGINT' && this.received.filter((s) => s === 'SIGINT').length > 1) process.exit(130);
      };
      process.on(signal, handler);
      this.#handlers.push([signal, handler]);
    }
    const child = spawn(process.execPath, [SENTINEL_SCRIPT, logFile], {
      detached: true,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, [OWNER_ENV]: owner },
    });
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.stdout?.once('data', () => resolve());
    });
    this.sentinel = { pid: child.pid as number, child, log: logFile };
    // Control: a signal we send the sentinel ourselves must show up in its log, or the
    // "no signal to a protected process" check could not fail. Then start from a clean log.
    child.kill('SIGUSR1');
    await waitFor(() => readLog(logFile).includes('SIGUSR1'), {
      timeoutMs: 5_000,
      message: 'the sentinel to log a control signal',
    });
    writeFileSync(logFile, '');
  }

  /** What reached a protected process so far (empty: nothing). */
  violations(): string[] {
    const found: string[] = this.received.map((s) => `runner received ${s}`);
    const log = readLog(this.sentinel.log);
    for (const line of log.split('\n').filter(Boolean)) found.push(`sentinel received ${line}`);
    if (!alive(this.sentinel.pid) || this.sentinel.child.exitCode !== null || this.sentinel.child.signalCode !== null)
      found.push(`sentinel died (${this.sentinel.child.signalCode ?? this.sentinel.child.exitCode})`);
    if (!alive(this.parent)) found.push(`runner's parent ${this.parent} is gone`);
    if (!alive(1)) found.push('pid 1 is gone');
    return found;
  }

  async disarm(): Promise<void> {
    for (const [signal, handler] of this.#handlers) process.off(signal, handler);
    this.#handlers = [];
    const s = this.sentinel?.child;
    if (s && s.exitCode === null && s.signalCode === null) {
      const exited = new Promise((resolve) => s.once('exit', resolve));
      s.kill('SIGKILL'); // our own unreaped child
      await exited;
    }
  }
}

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // no signal logged yet
  }
}

function alive(pid: number): boolean {
  const state = procState(pid);
  return state !== undefined && state !== 'Z' && state !== 'X';
}
