import { type ChildProcess, spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import type { OwnerRecord, ProcessRecord } from '@lifeline/persistence';
import { identify } from '@lifeline/platform-kill';
import type { Owner } from '../owner';
import { guardianCommand, guardianEnv } from './command';
import { GUARDIAN_LOG_FD, type GuardianChange, type GuardianConfig, type GuardianMessage } from './protocol';

/** The owner's side of the guardian: spawn it, stream registry changes to it, restart it, stop it. */
export interface GuardianLink {
  /** The guardian's pid while one runs. */
  readonly pid: number | null;
  start(): Promise<void>;
  notify(change: GuardianChange): void;
  stop(): Promise<void>;
}

export interface GuardianLinkOptions {
  enabled: boolean;
  /** The owner's open log file, which the guardian inherits as fd 3 and appends to (null: nowhere). */
  logFd(): number | null;
  /** Write the guardian (or null) into owners/<id>.json and, when ours, the PID file. */
  record(guardian: { pid: number; start_time: string | null }): Promise<void>;
  /** The records of every live child already identified (the guardian's first snapshot). */
  snapshot(owner: OwnerRecord): ProcessRecord[];
  /** The owner's cgroup (null: not contained): the guardian reclaims it when the owner is lost. */
  cgroup(): string | null;
}

interface Running {
  child: ChildProcess;
  stdin: Socket;
  startedAt: number;
}

/** A guardian that dies within this long of its start counts as a quick death (restarts back off). */
const QUICK_DEATH_MS = 2_000;
const STOP_WAIT_MS = 3_000;

export function createGuardianLink(ctx: Owner, options: GuardianLinkOptions): GuardianLink {
  let current: Running | null = null;
  let stopping = false;
  let quickDeaths = 0;
  let restartTimer: NodeJS.Timeout | null = null;
  let recording: Promise<void> = Promise.resolve();
  /** A start in flight: stop() waits for it, so a guardian started meanwhile is stopped too. */
  let launching: Promise<void> | null = null;

  const send = (running: Running, message: GuardianMessage) => {
    if (!running.stdin.writable) return;
    running.stdin.write(`${JSON.stringify(message)}\n`);
  };

  function launch(): Promise<void> {
    const pending = doLaunch().finally(() => {
      if (launching === pending) launching = null;
    });
    launching = pending;
    return pending;
  }

  async function doLaunch(): Promise<void> {
    restartTimer = null;
    if (stopping || current) return;
    const { tag, ...self } = await ctx.self();
    // The log is opened (and checked) once, by the owner; the guardian never opens a path itself.
    const logFd = options.logFd();
    const config: GuardianConfig = {
      ownerId: ctx.ownerId,
      owner: self, // without its tag: a command line is readable by everyone
      graceMs: ctx.graceMs,
      logFd: logFd === null ? null : GUARDIAN_LOG_FD,
      registryFile: ctx.layout.registryFile,
      ownersDir: ctx.layout.ownersDir,
      pidFile: ctx.layout.pidFile,
      cgroup: options.cgroup(),
      pidIdentityFile: ctx.layout.pidIdentityFile,
    };
    const { command, args } = guardianCommand(config);
    let child: ChildProcess;
    try {
      // Its own session and group: a terminal's Ctrl-C reaches the owner, never the guardian.
      // Its stdin is the only pipe: libuv opens our end close-on-exec, so no other child inherits it.
      child = spawn(command, args, {
        detached: true,
        stdio: ['pipe', 'ignore', 'ignore', logFd ?? 'ignore'],
        env: guardianEnv(ctx.ownerId, tag),
        cwd: ctx.layout.stateDir,
        windowsHide: true,
      });
    } catch (error) {
      ctx.emit('error', { error: error as Error, context: 'starting the guardian' });
      scheduleRestart(Date.now());
      return;
    }
    const stdin = child.stdin as Socket;
    stdin.on('error', () => undefined); // EPIPE once it died: its 'exit' event handles that
    const running: Running = { child, stdin, startedAt: Date.now() };
    child.once('exit', (code, signal) => onExit(running, code, signal));
    const spawned = await new Promise<boolean>((resolve) => {
      child.once('spawn', () => resolve(true));
      child.once('error', (error) => {
        ctx.emit('error', { error, context: 'starting the guardian' });
        resolve(false);
      });
    });
    if (!spawned || child.pid === undefined) {
      scheduleRestart(running.startedAt);
      return;
    }
    // Never keep the owner's event loop alive (its beforeExit shutdown must still run).
    child.unref();
    stdin.unref();
    current = running;
    // Everything already identified, then every change from here on (same tick: nothing is missed).
    send(running, { type: 'snapshot', records: options.snapshot(self) });
    if (stopping) return;
    const pid = child.pid;
    ctx.emit('guardian-started', { pid });
    const identity = await identify(pid).catch(() => null);
    if (current !== running || stopping) return;
    recording = recording.then(() =>
      options.record({ pid, start_time: identity?.startTime ?? null }).catch((error: Error) => {
        ctx.emit('error', { error, context: 'recording the guardian in the owner file' });
      }),
    );
    await recording;
  }

  function onExit(running: Running, exitCode: number | null, signal: NodeJS.Signals | null) {
    if (current !== running) return;
    current = null;
    if (stopping) return;
    ctx.emit('guardian-lost', { pid: running.child.pid ?? 0, exitCode, signal });
    scheduleRestart(running.startedAt);
  }

  /** Restart at once after a guardian that ran a while; back off (0.1 s … 10 s) when it keeps dying. */
  function scheduleRestart(startedAt: number) {
    if (stopping) return;
    quickDeaths = Date.now() - startedAt < QUICK_DEATH_MS ? quickDeaths + 1 : 0;
    const delay = quickDeaths <= 1 ? 0 : Math.min(100 * 2 ** (quickDeaths - 2), 10_000);
    restartTimer = setTimeout(() => {
      launch().catch((error: Error) => ctx.emit('error', { error, context: 'restarting the guardian' }));
    }, delay);
    restartTimer.unref();
  }

  return {
    get pid() {
      return current?.child.pid ?? null;
    },
    async start() {
      if (options.enabled) await launch();
    },
    notify(change) {
      if (current && !stopping) send(current, change);
    },
    async stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      await launching?.catch(() => undefined);
      const running = current;
      if (running) {
        // While stopping, the guardian and the bounded wait must hold the event loop open: the
        // child and its pipe are unref'd for the owner's lifetime, and an owner whose last task is
        // this await would otherwise exit mid-shutdown (with code 0) before the guardian is gone.
        running.child.ref();
        const exited = new Promise<void>((resolve) => {
          if (running.child.exitCode !== null || running.child.signalCode !== null) resolve();
          const timer = setTimeout(resolve, STOP_WAIT_MS);
          running.child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
        });
        send(running, { type: 'shutdown' });
        running.stdin.end();
        await exited;
        current = null;
      }
      await recording;
    },
  };
}
