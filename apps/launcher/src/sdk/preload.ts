/**
 * The launcher's "sdk": loaded before every script (`bun run --preload <this>` or
 * `node --import <this>`). It does two small, real things:
 * 1. names the process `lifeline:<script>` so `ps` shows what it is;
 * 2. makes the script exit by itself when the launcher goes away — the first line of
 *    defence, which works even when the launcher was SIGKILLed and could clean up nothing.
 * The pipe, the variable names and the watcher are core's owner↔child protocol.
 */
import { basename, extname } from 'node:path';
import { NAME_ENV, OWNER_GONE_EXIT_CODE, watchOwner } from '@lifeline/core/protocol';

function scriptName(): string {
  if (process.env[NAME_ENV]) return process.env[NAME_ENV];
  const script = process.argv[1] ?? 'script';
  return basename(script, extname(script));
}

// Bun accepts the assignment but (1.4) does not rename the OS process; node does (prctl).
process.title = `lifeline:${scriptName()}`;

// The launcher is gone: nobody reads our output or will end us. Leave now; 'exit' handlers still run.
watchOwner(() => process.exit(OWNER_GONE_EXIT_CODE));
