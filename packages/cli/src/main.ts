import { run } from './cli.js';
import { endOnClosedPipe, exitWhenDrained } from './process-exit.js';

/**
 * The process entry for every command line the bin's fast path (src/fast.ts) does not take:
 * runs the CLI on `argv` (process.argv) and exits with its code once stdout and stderr have drained.
 */
export async function main(argv: string[]): Promise<void> {
  endOnClosedPipe();
  await exitWhenDrained(await run(argv.slice(2)));
}
