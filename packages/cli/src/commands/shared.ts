import type { CorruptionReport } from '@lifeline/persistence';
import type { Context } from '../context.js';
import { sanitize } from '../output/sanitize.js';

/** One line on stderr for a corrupt state file: what was wrong, where it went, what was kept. */
export function warnCorruption(ctx: Context, c: CorruptionReport): void {
  // The reason may quote the bad file's bytes.
  const where = c.quarantinedTo ? `moved to ${sanitize(c.quarantinedTo)}` : 'left in place';
  ctx.err(
    `${ctx.errColors.yellow('warning:')} ${sanitize(c.path)} was corrupt (${sanitize(c.reason)}); ${where}, ` +
      `${c.salvaged} record(s) salvaged, ${c.dropped} dropped`,
  );
}
