/**
 * The launcher's "sdk": loaded before every script (`bun run --preload <this>` or
 * `node --import <this>`). It does two small, real things:
 * 1. names the process `lifeline:<script>` so `ps` shows what it is;
 * 2. makes the script exit by itself when the launcher goes away — the first line of
 *    defence, which works even when the launcher was SIGKILLed and could clean up nothing.
 */
import { basename, extname } from 'node:path';
import { parentFdFromEnv, watchParentFd } from './watch-parent';

function scriptName(): string {
  if (process.env.LIFELINE_NAME) return process.env.LIFELINE_NAME;
  const script = process.argv[1] ?? 'script';
  return basename(script, extname(script));
}

// Bun accepts the assignment but (1.4) does not rename the OS process; node does (prctl).
process.title = `lifeline:${scriptName()}`;

const fd = parentFdFromEnv(process.env);
// Our children must not take their own fd 3 for the launcher's pipe.
delete process.env.LIFELINE_PARENT_FD;
if (fd !== null) {
  watchParentFd(fd, () => {
    // The launcher is gone: nobody reads our output or will end us. Leave now; 'exit'
    // handlers still run. Exit code 129 = 128 + SIGHUP, the conventional "controller went away".
    process.exit(129);
  });
}
