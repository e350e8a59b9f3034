import { CommanderError } from 'commander';
import { type Context, type GlobalOptions, makeContext } from '../context.js';
import { EXIT } from '../errors.js';
import { type CliIo, guardIo } from '../output/io.js';
import { buildProgram } from '../program.js';
import { reportError } from './report-error.js';

/** Every command line through the commander program (see cli.ts for the one that skips it). */
export async function runProgram(argv: string[], rawIo: CliIo): Promise<number> {
  // Everything written from here on passes the control-character guard (see output/sanitize.ts).
  const io = guardIo(rawIo);
  let exitCode: number = EXIT.ok;
  let ctx: Context | undefined;
  const program = buildProgram({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
    dispatch: async (globals: GlobalOptions, handler) => {
      ctx = makeContext(io, globals);
      exitCode = await handler(ctx);
    },
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed its message (or the help / version text).
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
      return EXIT.usage;
    }
    return reportError(error, io, ctx?.opts.verbose ?? argv.includes('--verbose'));
  }
}
