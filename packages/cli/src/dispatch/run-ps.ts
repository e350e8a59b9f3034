import { psCommand } from '../commands/ps.js';
import { makeContext } from '../context.js';
import { type CliIo, guardIo } from '../output/io.js';
import type { PsInvocation } from './ps-argv.js';
import { reportError } from './report-error.js';

/**
 * `ps` as the commander program runs it — the same guarded io, context, handler and error
 * report — without loading commander or the other commands.
 */
export async function runPs(invocation: PsInvocation, rawIo: CliIo): Promise<number> {
  const io = guardIo(rawIo);
  const ctx = makeContext(io, invocation.globals);
  try {
    return await psCommand(invocation.flags)(ctx);
  } catch (error) {
    return reportError(error, io, ctx.opts.verbose);
  }
}
