import { matchPsArgv } from './dispatch/ps-argv.js';
import { processIo } from './output/io.js';
import { endOnClosedPipe, exitWhenDrained } from './process-exit.js';

/**
 * The bin's fast path (built alone as dist/fast.cjs, see tsup.config.ts): a plain `lifeline ps`
 * command line (src/dispatch/ps-argv.ts) runs here and the process ends with its code; returns
 * false for anything else, and the bin loads dist/main.js. The ps command is initialised only
 * once the command line matched, so other commands pay for little more than this file's parse.
 */
export function runFast(argv: string[]): boolean {
  const invocation = matchPsArgv(argv.slice(2));
  if (!invocation) return false;
  endOnClosedPipe();
  void import('./dispatch/run-ps.js').then(({ runPs }) => runPs(invocation, processIo())).then(exitWhenDrained);
  return true;
}
