import { parseSince } from '../parse.js';
import type { Handler } from '../program.js';
import { resolveState } from '../state/resolve.js';
import type { RunTarget } from './run-files.js';

export interface LogsFlags {
  follow: boolean;
  events: boolean;
  lines: number;
  since?: string;
}

/** `lifeline logs [NAME|PID] [-f] [--events]`: the scripts' output, or with --events the lifecycle log. Writes nothing. */
export function logsCommand(target: string | undefined, flags: LogsFlags): Handler {
  return async (ctx) => {
    const since = flags.since === undefined ? undefined : parseSince(flags.since);
    const { layout } = await resolveState(ctx);
    if (flags.events) {
      const { showEvents } = await import('./events.js');
      return showEvents(ctx, layout, { follow: flags.follow, since });
    }
    const { showOutput } = await import('./output.js');
    return showOutput(ctx, layout, targetOf(target), { follow: flags.follow, lines: flags.lines, since });
  };
}

function targetOf(raw: string | undefined): RunTarget {
  if (raw === undefined) return null;
  return /^\d+$/.test(raw) ? { pid: Number(raw) } : { name: raw };
}
