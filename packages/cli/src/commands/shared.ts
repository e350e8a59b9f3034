import type { CorruptionReport } from '@lifeline/persistence';
import type { Context } from '../context.js';

/** One line on stderr for a corrupt state file: what was wrong, where it went, what was kept. */
export function warnCorruption(ctx: Context, c: CorruptionReport): void {
  const where = c.quarantinedTo ? `moved to ${c.quarantinedTo}` : 'left in place';
  ctx.err(
    `${ctx.errColors.yellow('warning:')} ${c.path} was corrupt (${c.reason}); ${where}, ` +
      `${c.salvaged} record(s) salvaged, ${c.dropped} dropped`,
  );
}
