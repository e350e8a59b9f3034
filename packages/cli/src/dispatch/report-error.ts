import { CliError, EXIT, isLifelineError } from '../errors.js';
import { colorEnabled, makeColors } from '../output/color.js';
import type { CliIo } from '../output/io.js';
import { sanitize } from '../output/sanitize.js';

/** Lower-layer error codes that mean "the state directory you pointed me at is not usable". */
const STATE_DIR_CODES = new Set(['ERR_STATE_NOT_DIR', 'ERR_STATE_SYMLINK', 'ERR_STATE_DIR']);

/**
 * A command's failure as one line on stderr (with the stack under --verbose), mapped to its exit
 * code. Both ways into a command (the commander program and the `ps` fast path) end here.
 */
export function reportError(error: unknown, io: CliIo, verbose: boolean): number {
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
