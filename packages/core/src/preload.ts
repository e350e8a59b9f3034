/**
 * The default preload for spawnScript (`node --import @lifeline/core/preload` / `bun --preload`).
 * It names the process and, when the owner passed a watch pipe (env LIFELINE_PARENT_FD), exits
 * as soon as that pipe reaches EOF — which happens when the owner dies, even by SIGKILL.
 */
import { Socket } from 'node:net';
import { basename } from 'node:path';

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

const fd = Number(fdText);
if (Number.isInteger(fd) && fd > 2) {
  try {
    const pipe = new Socket({ fd, readable: true, writable: false });
    // Our owner never writes; anything read is ignored. EOF (or an error) means it is gone.
    const ownerGone = () => process.exit(129); // 128 + SIGHUP: "the controlling side hung up"
    pipe.on('data', () => undefined);
    pipe.once('end', ownerGone);
    pipe.once('error', ownerGone);
    pipe.unref(); // watching must never keep the script alive
  } catch {
    // fd 3 is not a socket/pipe we can watch: carry on unwatched
  }
}
