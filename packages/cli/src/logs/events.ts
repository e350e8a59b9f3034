import type { StateLayout } from '@lifeline/persistence';
import type { Context } from '../context.js';
import { EXIT } from '../errors.js';
import { sanitize, terminalSafeJson } from '../output/sanitize.js';
import { clock, formatEvent, type LogEntry, SkipSummary } from './event-lines.js';
import { formatHostEntry, hostTime, parseHostLine } from './host-lines.js';
import { LineTail, pollUntilInterrupted } from './tail.js';

export interface EventFlags {
  follow: boolean;
  since?: number;
}

/** Script Kit's log may be large (it rotates at 128 MiB): only its end is shown, then what it appends. */
const HOST_LINES = 500;
const HOST_BYTES = 1024 * 1024;

/**
 * `lifeline logs --events [-f] [--json] [--since t]`: the lifecycle log (core's JSONL), one short
 * line per event — cut to the terminal's width when there is one — with a cleanup's skipped
 * records summarised in one line. --json passes the raw lines through. Under a Script Kit layout
 * the host app's own log (layout.hostLogFile: its last 500 lines, then what it appends) is shown
 * too, each file in its own schema, merged by time; Lifeline never writes to it.
 */
export async function showEvents(ctx: Context, layout: StateLayout, flags: EventFlags): Promise<number> {
  const file = layout.logFile;
  const tail = new LineTail(file);
  const fit = ctx.terminalWidth ?? Number.POSITIVE_INFINITY;
  const skips = new SkipSummary();
  const emit = (text: string) => ctx.out(text.length > fit ? `${text.slice(0, fit - 1)}…` : text);
  /**
   * What both files' lines go through first: blank lines and lines before --since are dropped,
   * and with --json a valid line is passed through exactly (DEL/C1 re-encoded as \uXXXX: the
   * same JSON); a line that is not JSON is not ours to keep raw. True when the line is done.
   */
  const handled = (line: string, valid: boolean, time: number) => {
    if (!line.trim() || (valid && flags.since !== undefined && !(time >= flags.since))) return true;
    if (ctx.opts.json) ctx.io.stdout.write(`${valid ? terminalSafeJson(line) : sanitize(line)}\n`);
    return ctx.opts.json;
  };
  const print = (line: string) => {
    const entry = parse(line);
    if (handled(line, entry !== undefined, entry ? timeOf(entry) : Number.NaN)) return;
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
  const printHost = (line: string) => {
    const entry = parseHostLine(line);
    if (handled(line, entry !== undefined, entry ? hostTime(entry) : Number.NaN)) return;
    flushSkips();
    emit(entry ? formatHostEntry(entry, ctx.colors, clock) : sanitize(line));
  };
  const host = layout.hostLogFile ? new LineTail(layout.hostLogFile) : null;
  /** Both files' new lines, each file's order kept, merged by time (a line without one goes first). */
  const printBoth = (own: string[], hostLines: string[]) => {
    let i = 0;
    let j = 0;
    while (i < own.length || j < hostLines.length) {
      const ownLine = own[i];
      const hostLine = hostLines[j];
      if (hostLine === undefined || (ownLine !== undefined && !(lineTime(hostLine) < lineTime(ownLine)))) {
        print(ownLine as string);
        i++;
      } else {
        printHost(hostLine);
        j++;
      }
    }
    flushSkips();
  };
  const lines = await tail.next();
  const hostLines = host ? await host.last(HOST_LINES, HOST_BYTES) : [];
  if (lines.length === 0 && hostLines.length === 0 && !flags.follow && !(await exists(file))) {
    ctx.err(`No lifecycle log yet: ${file} does not exist.`);
    return EXIT.ok;
  }
  printBoth(lines, hostLines);
  if (!flags.follow) return EXIT.ok;
  await pollUntilInterrupted(async () => {
    printBoth(await tail.next(), host ? await host.next() : []);
  });
  return EXIT.ok;
}

/** A line's time in ms, whichever schema it has (ours: `time`; Script Kit's: `timestamp`); -Infinity without one. */
function lineTime(line: string): number {
  const entry = parse(line);
  const ms = entry ? (entry.time !== undefined ? timeOf(entry) : Date.parse(String(entry.timestamp))) : Number.NaN;
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
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
