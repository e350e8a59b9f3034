/**
 * The default preload for spawnScript (`node --import @lifeline/core/preload` / `bun --preload`).
 * It names the process and, when the owner passed a watch pipe (env LIFELINE_PARENT_FD), exits
 * as soon as that pipe reaches EOF — which happens when the owner dies, even by SIGKILL.
 *
 * The watch never keeps the script alive, and works the same under both runtimes:
 * - node: a net.Socket over the fd, unref'd (a libuv pipe handle, no thread);
 * - bun (1.4): `new net.Socket({ fd })` never reports EOF, so a tiny unref'd worker thread
 *   blocks in readSync on the fd instead and posts 'eof'.
 */
import { Socket } from 'node:net';
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';

const fdText = process.env.LIFELINE_PARENT_FD;
// Grandchildren must not mistake their own fd 3 for ours.
delete process.env.LIFELINE_PARENT_FD;

const script = process.argv[1];
if (script) {
  try {
    process.title = `lifeline:${process.env.LIFELINE_NAME ?? basename(script)}`;
  } catch {
    // some runtimes do not allow it; the name is cosmetic
  }
}

const ownerGone = () => process.exit(129); // 128 + SIGHUP: "the controlling side hung up"

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

function watchWithWorker(fd: number): void {
  const worker = new Worker(workerSource, { eval: true, workerData: fd });
  worker.once('message', ownerGone);
  worker.on('error', () => undefined);
  worker.unref();
}

function watchWithSocket(fd: number): void {
  const pipe = new Socket({ fd, readable: true, writable: false });
  // Our owner never writes; anything read is ignored. EOF (or an error) means it is gone.
  pipe.on('data', () => undefined);
  pipe.once('end', ownerGone);
  pipe.once('error', ownerGone);
  pipe.unref(); // watching must never keep the script alive
}

const fd = Number(fdText);
if (fdText && Number.isInteger(fd) && fd > 2) {
  try {
    if (process.versions.bun) watchWithWorker(fd);
    else watchWithSocket(fd);
  } catch {
    // fd 3 is not a pipe we can watch: carry on unwatched
  }
}
