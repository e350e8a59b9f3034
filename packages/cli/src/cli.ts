import { CommanderError } from 'commander';
import { type Context, type GlobalOptions, makeContext } from './context.js';
import { CliError, EXIT, isLifelineError } from './errors.js';
import { colorEnabled, makeColors } from './output/color.js';
import { type CliIo, guardIo, processIo } from './output/io.js';
import { sanitize } from './output/sanitize.js';
import { buildProgram } from './program.js';

/** Lower-layer error codes that mean "the state directory you pointed me at is not usable". */
const STATE_DIR_CODES = new Set(['ERR_STATE_NOT_DIR', 'ERR_STATE_SYMLINK', 'ERR_STATE_DIR']);

/**
 * Runs the `lifeline` command line with `argv` (the user's arguments, without node and the
 * script) and resolves to the exit code. Never exits the process and never throws: errors are
 * printed as one line on stderr (with the stack under --verbose) and mapped to exit codes.
 */
export async function run(argv: string[], rawIo: CliIo = processIo()): Promise<number> {
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
    return report(error, io, ctx?.opts.verbose ?? argv.includes('--verbose'));
  }
}

function report(error: unknown, io: CliIo, verbose: boolean): number {
  if (error instanceof CommanderError) {
    // commander has already printed its message (or the help / version text).
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
    return EXIT.usage;
  }
  const colors = makeColors(colorEnabled(io.env, io.stderr));
  // Messages may quote state files (a corrupt PID file's first line…): one inert line.
  const message = sanitize(error instanceof Error ? error.message : String(error));
  io.stderr.write(`${colors.red('error:')} ${message}\n`);
  if (verbose && error instanceof Error && error.stack) {
    io.stderr.write(`${colors.dim(sanitizeLines(error.stack))}\n`);
    if (error.cause instanceof Error && error.cause.stack)
      io.stderr.write(`${colors.dim(`cause: ${sanitizeLines(error.cause.stack)}`)}\n`);
  }
  if (CliError.isInstance(error)) return error.exitCode;
  if (isLifelineError(error) && STATE_DIR_CODES.has(error.code)) return EXIT.usage;
  return EXIT.failed;
}

const sanitizeLines = (text: string) => text.split('\n').map(sanitize).join('\n');
