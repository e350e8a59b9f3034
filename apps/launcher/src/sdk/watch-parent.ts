/**
 * Watching the inherited pipe (fd LIFELINE_PARENT_FD, normally 3) for end-of-file. Only the
 * launcher holds the write end, so EOF means it has exited, however it died.
 *
 * The watch must never keep the script alive: a script that finishes its work exits as usual.
 * - node: a net.Socket over the fd, unref'd (libuv pipe handle, no thread).
 * - bun (1.4): `new net.Socket({ fd })` never reports EOF and a read stream keeps the process
 *   alive, so a tiny worker thread blocks in readSync and the worker is unref'd.
 */
import net from 'node:net';
import { Worker } from 'node:worker_threads';

/** The fd to watch, or null when the launcher did not give one (script run by hand). */
export function parentFdFromEnv(env: NodeJS.ProcessEnv): number | null {
  const raw = env.LIFELINE_PARENT_FD;
  if (raw === undefined || raw === '') return null;
  const fd = Number(raw);
  // 0–2 are stdio: never treat them as the parent pipe.
  return Number.isInteger(fd) && fd > 2 ? fd : null;
}

export function watchParentFd(fd: number, onGone: () => void): void {
  if (process.versions.bun) watchWithWorker(fd, onGone);
  else watchWithSocket(fd, onGone);
}

function watchWithSocket(fd: number, onGone: () => void): void {
  let socket: net.Socket;
  try {
    socket = new net.Socket({ fd, readable: true, writable: false });
  } catch {
    return; // not a pipe or socket we can watch: run without the first line of defence
  }
  socket.on('data', () => {}); // the launcher never writes; drain anything just in case
  socket.once('end', onGone);
  socket.on('error', () => {}); // EBADF etc.: nothing to watch
  socket.unref();
}

// Runs inside the worker (CommonJS eval in both runtimes). EAGAIN means a non-blocking fd:
// wait 50 ms between tries instead of spinning.
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
    if (error && error.code === 'EBADF') { n = -1; } else { n = 0; }
  }
  if (n === 0) { parentPort.postMessage('eof'); break; }
  if (n < 0) break;
}
`;

function watchWithWorker(fd: number, onGone: () => void): void {
  const worker = new Worker(workerSource, { eval: true, workerData: fd });
  worker.once('message', onGone);
  worker.on('error', () => {});
  worker.unref();
}
