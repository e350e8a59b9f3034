import { matchPsArgv } from './dispatch/ps-argv.js';
import { type CliIo, processIo } from './output/io.js';

/**
 * Runs the `lifeline` command line with `argv` (the user's arguments, without node and the
 * script) and resolves to the exit code. Never exits the process and never throws: errors are
 * printed as one line on stderr (with the stack under --verbose) and mapped to exit codes.
 * A plain `ps` goes straight to its command without commander (start-up time is a feature of
 * `ps`; the bin takes the same path earlier, in dist/fast.cjs); everything else, and any `ps`
 * line with help, a typo or an unusual flag, goes through the commander program.
 */
export async function run(argv: string[], io: CliIo = processIo()): Promise<number> {
  const ps = matchPsArgv(argv);
  if (ps) return (await import('./dispatch/run-ps.js')).runPs(ps, io);
  return (await import('./dispatch/run-program.js')).runProgram(argv, io);
}
