import type { CorruptionReport } from '@lifeline/persistence';
import type { Context } from '../context.js';
import { sanitize } from '../output/sanitize.js';

/**
 * One line on stderr for a corrupt state file: what was wrong, what was kept, and either where
 * it went (a command that repairs) or which command repairs it (a read-only one left it as is).
 */
export function warnCorruption(ctx: Context, c: CorruptionReport): void {
  // The reason may quote the bad file's bytes.
  const reason = sanitize(c.reason);
  const path = sanitize(c.path);
  const kept = `${c.salvaged} valid record(s), ${c.dropped} invalid`;
  ctx.err(
    c.quarantinedTo
      ? `${ctx.errColors.yellow('warning:')} ${path} was corrupt (${reason}); moved to ${sanitize(c.quarantinedTo)}, ${kept} kept`
      : `${ctx.errColors.yellow('warning:')} ${path} is corrupt (${reason}); ${kept}, left unchanged — ` +
          '`lifeline cleanup` moves it aside and keeps the valid records',
  );
}
