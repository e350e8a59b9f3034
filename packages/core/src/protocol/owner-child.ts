/**
 * The owner↔child protocol: what an owner puts into a child's environment and file
 * descriptors, and how a child watches for its owner going away. Owner side (core's spawning)
 * and child side (core's default preload, the launcher's sdk) both import it from here
 * (`@lifeline/core/protocol`), so the two ends cannot drift. It imports nothing but node's
 * own modules: a preload loads it before every script.
 *
 * - `LIFELINE_OWNER=<owner id>`: every process an owner spawns carries it (inherited by
 *   grandchildren); sweeps find leftovers by it.
 * - `LIFELINE_PARENT_FD=3`: fd 3 is a pipe whose write end only the owner holds. The owner never
 *   writes; EOF means the owner is gone, however it died (even SIGKILL: the kernel closes it).
 * - `LIFELINE_NAME`: the display name the preload gives the process (`lifeline:<name>`).
 * - `LIFELINE_GUARDIAN=1`: marks the owner's guardian, which its owner-tag sweeps never end.
 */
import { Socket } from 'node:net';
import { Worker } from 'node:worker_threads';

/** Same value as platform-kill's OWNER_ENV (a test checks); kept here so a preload loads nothing else. */
export const OWNER_ENV = 'LIFELINE_OWNER';
export const PARENT_FD_ENV = 'LIFELINE_PARENT_FD';
export const NAME_ENV = 'LIFELINE_NAME';
export const GUARDIAN_ENV = 'LIFELINE_GUARDIAN';
/** `<state-dir id>.<instance secret>.<child key>` (sweep/owner-tag.ts): the tag only its owner can name. */
export const TAG_ENV = 'LIFELINE_TAG';
/** Where the guardian finds its owner's tag prefix: its environment (same-user readable only), never its command line. */
export const GUARDIAN_TAG_ENV = 'LIFELINE_GUARDIAN_TAG';
/** The fd the owner's watch pipe gets in the child (stdio 0–2, then this). */
export const PARENT_FD = 3;
/** What a watching child exits with once its owner is gone: 128 + SIGHUP, "the controlling side hung up". */
export const OWNER_GONE_EXIT_CODE = 129;

/** The fd to watch, or null when the owner gave none (a script run by hand). 0–2 are stdio, never the pipe. */
export function parentFdFromEnv(env: NodeJS.ProcessEnv): number | null {
  const raw = env[PARENT_FD_ENV];
  if (raw === undefined || raw === '') return null;
  const fd = Number(raw);
  return Number.isInteger(fd) && fd > 2 ? fd : null;
}

/**
 * Call onGone once the owner's pipe reaches EOF (or fails). The watch never keeps the script
 * alive, and works the same under both runtimes:
 * - node: a net.Socket over the fd, unref'd (a libuv pipe handle, no thread);
 * - bun (1.4): `new net.Socket({ fd })` never reports EOF, so a tiny unref'd worker thread
 *   blocks in readSync on the fd instead and posts 'eof'.
 * An fd that is not a pipe we can watch leaves the script unwatched (returns false).
 */
export function watchParentFd(fd: number, onGone: () => void): boolean {
  try {
    if (process.versions.bun) watchWithWorker(fd, onGone);
    else watchWithSocket(fd, onGone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The child side in one call: read the fd from the environment, remove the marker (a
 * grandchild must not take its own fd 3 for ours) and watch it. Returns whether it watches.
 */
export function watchOwner(onGone: () => void, env: NodeJS.ProcessEnv = process.env): boolean {
  const fd = parentFdFromEnv(env);
  delete env[PARENT_FD_ENV];
  return fd !== null && watchParentFd(fd, onGone);
}

function watchWithSocket(fd: number, onGone: () => void): void {
  const pipe = new Socket({ fd, readable: true, writable: false });
  // The owner never writes; anything read is ignored. EOF (or an error: the pipe is unusable) means it is gone.
  pipe.on('data', () => undefined);
  pipe.once('end', onGone);
  pipe.once('error', onGone);
  pipe.unref();
}

// Runs inside the worker (CommonJS eval in both runtimes). EAGAIN means a non-blocking fd:
// wait 50 ms between tries instead of spinning. EBADF: nothing to watch.
const workerSource = `
const { readSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const buffer = Buffer.alloc(64);
const pause = new Int32Array(new SharedArrayBuffer(4));
for (;;) {
  let n;
  try { n = readSync(workerData, buffer, 0, buffer.length, null); }
  catch (error) {
    if (error && error.code === 'EAGAIN') { Atomics.wait(pause, 0, 0, 50); continue; }
    n = error && error.code === 'EBADF' ? -1 : 0;
  }
  if (n === 0) { parentPort.postMessage('eof'); break; }
  if (n < 0) break;
}
`;

function watchWithWorker(fd: number, onGone: () => void): void {
  const worker = new Worker(workerSource, { eval: true, workerData: fd });
  worker.once('message', onGone);
  worker.on('error', () => undefined);
  worker.unref();
}
