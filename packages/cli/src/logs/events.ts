import type { StateLayout } from '@lifeline/persistence';
import type { Context } from '../context.js';
import { EXIT } from '../errors.js';
import { sanitize, terminalSafeJson } from '../output/sanitize.js';
import { formatEvent, type LogEntry, SkipSummary } from './event-lines.js';
import { LineTail, pollUntilInterrupted } from './tail.js';

export interface EventFlags {
  follow: boolean;
  since?: number;
}

/**
 * `lifeline logs --events [-f] [--json] [--since t]`: the lifecycle log (core's JSONL), one short
 * line per event — cut to the terminal's width when there is one — with a cleanup's skipped
 * records summarised in one line. --json passes the raw lines through.
 */
export async function showEvents(ctx: Context, layout: StateLayout, flags: EventFlags): Promise<number> {
  const file = layout.logFile;
  const tail = new LineTail(file);
  const fit = ctx.terminalWidth ?? Number.POSITIVE_INFINITY;
  const skips = new SkipSummary();
  const emit = (text: string) => ctx.out(text.length > fit ? `${text.slice(0, fit - 1)}…` : text);
  const print = (line: string) => {
    if (!line.trim()) return;
    const entry = parse(line);
    if (entry && flags.since !== undefined && !(timeOf(entry) >= flags.since)) return;
    if (ctx.opts.json) {
      // A valid line is passed through exactly (DEL/C1 re-encoded as \uXXXX: the same JSON); a
      // line that is not JSON is not ours to keep raw.
      ctx.io.stdout.write(`${entry ? terminalSafeJson(line) : sanitize(line)}\n`);
      return;
    }
    if (!entry) {
      emit(sanitize(line));
      return;
    }
    if (entry.event === 'orphan-skipped') {
      // Another instance's cleanup starts a new summary.
      if (!skips.add(entry)) {
        flushSkips();
        skips.add(entry);
      }
      return;
    }
    flushSkips();
    emit(formatEvent(entry, ctx.colors));
  };
  function flushSkips() {
    const summary = skips.take(ctx.colors);
    if (summary) emit(summary);
  }
  const lines = await tail.next();
  if (lines.length === 0 && !flags.follow && !(await exists(file))) {
    ctx.err(`No lifecycle log yet: ${file} does not exist.`);
    return EXIT.ok;
  }
  for (const line of lines) print(line);
  flushSkips();
  if (!flags.follow) return EXIT.ok;
  await pollUntilInterrupted(async () => {
    for (const line of await tail.next()) print(line);
    flushSkips();
  });
  return EXIT.ok;
}

function parse(line: string): LogEntry | undefined {
  try {
    const value = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

const timeOf = (entry: LogEntry) => (typeof entry.time === 'number' ? entry.time : Date.parse(String(entry.time)));

async function exists(file: string): Promise<boolean> {
  const { stat } = await import('node:fs/promises');
  return stat(file).then(
    () => true,
    () => false,
  );
}
