import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { identify } from '@lifeline/platform-kill';
import { expectNoSurvivors, makeStateDir, newOwnerId, OWNER_ENV, procState, type StateDir } from '@lifeline/test-utils';
import { afterEach, beforeEach } from 'vitest';
import { createManager, type ManagerOptions, type ProcessManager } from '../src/index';

export interface Harness {
  manager: ProcessManager;
  state: StateDir;
  close(): Promise<void>;
}

/** A manager with a temp state dir, the test's owner id, its lifecycle log in that temp dir, no signal handling. */
export async function makeManager(owner: string, options: ManagerOptions = {}): Promise<Harness> {
  const state = await makeStateDir('lifeline-core-');
  const manager = createManager({
    stateDir: state.dir,
    ownerId: owner,
    handleSignals: false,
    graceMs: 2000,
    ...options,
  });
  return {
    manager,
    state,
    async close() {
      await manager.shutdown();
      await state.cleanup();
    },
  };
}

/** The live per-test context useManager hands out: read its fields inside tests and hooks, not at load time. */
export interface ManagerContext {
  /** This test's owner id (a new one for every test). */
  readonly owner: string;
  readonly manager: ProcessManager;
  readonly state: StateDir;
}

/**
 * The frame most core tests share: before each test a fresh owner id and a manager for it
 * (makeManager with `options`); after each, the manager is closed and no process tagged with
 * that owner may survive. Call it once at file (or describe) level.
 */
export function useManager(options: ManagerOptions = {}): ManagerContext {
  let owner = '';
  let h: Harness | undefined;
  beforeEach(async () => {
    h = undefined;
    owner = newOwnerId();
    h = await makeManager(owner, options);
  });
  afterEach(async () => {
    await h?.close();
    await expectNoSurvivors(owner);
  });
  const live = () => {
    if (!h) throw new Error('useManager: no manager outside a test (or its set-up failed)');
    return h;
  };
  return {
    get owner() {
      return owner;
    },
    get manager() {
      return live().manager;
    },
    get state() {
      return live().state;
    },
  };
}

/** True while the pid exists and is not a zombie. */
export const isAlive = (pid: number) => {
  const state = procState(pid);
  return state !== undefined && state !== 'Z' && state !== 'X';
};

export const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

export interface OwnerProcess {
  child: ChildProcess;
  ready: Record<string, unknown> & { pid: number };
  /** Every JSON line the owner printed so far. */
  messages: Record<string, unknown>[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Start test/fixtures/owner.mjs (or another owner fixture: a process that uses the BUILT core) in
 * its own group, tagged with the test's owner id, and wait for its ready line.
 */
export function startOwner(
  owner: string,
  stateDir: string,
  mode: string,
  env: NodeJS.ProcessEnv = {},
  file = 'owner.mjs',
): Promise<OwnerProcess> {
  const child = spawn(process.execPath, [fixture(file), mode], {
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env, [OWNER_ENV]: owner, OWNER_STATE_DIR: stateDir },
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const messages: Record<string, unknown>[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} (${mode}) was not ready in time`)), 45_000);
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      let message: OwnerProcess['ready'];
      try {
        message = JSON.parse(line);
      } catch {
        return;
      }
      messages.push(message);
      if (!message.ready) return;
      clearTimeout(timer);
      resolve({ child, ready: message, messages, exited });
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${file} (${mode}) exited (${code ?? signal}) before it was ready`));
    });
  });
}

/** The identity of a process that has certainly exited: a dead owner for hand-written records. */
export async function deadOwner() {
  const id = newOwnerId('dead');
  const child = spawn('/bin/sh', ['-c', 'read x'], {
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { ...process.env, [OWNER_ENV]: id },
  });
  const identity = await identify(child.pid!);
  child.stdin!.end();
  await new Promise((resolve) => child.once('exit', resolve));
  return { id, pid: identity!.pid, start_time: identity!.startTime, boot_id: identity!.bootId };
}
