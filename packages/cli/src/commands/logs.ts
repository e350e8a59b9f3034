import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Context } from '../context.js';
import { EXIT } from '../errors.js';
import { sanitize, sanitizeDeep, terminalSafeJson } from '../output/sanitize.js';
import { parseSince } from '../parse.js';
import type { Handler } from '../program.js';
import { resolveState } from '../state.js';

const POLL_MS = 200;

/**
 * `lifeline logs [-f] [--json] [--since t]`: the lifecycle log (pino JSONL). Human output goes
 * through pino-pretty, imported only here; --json passes the raw lines through.
 */
export function logsCommand(flags: { follow: boolean; since?: string }): Handler {
  return async (ctx) => {
    const since = flags.since === undefined ? undefined : parseSince(flags.since);
    const state = await resolveState(ctx);
    const file = state.layout.logFile;
    const print = await printer(ctx, since);
    let offset = 0;
    const exists = await stat(file).then(
      () => true,
      () => false,
    );
    if (exists) offset = await readFrom(file, 0, print);
    else if (!flags.follow) {
      ctx.err(`No log yet: ${file} does not exist.`);
      return EXIT.ok;
    }
    if (!flags.follow) return EXIT.ok;
    await follow(file, offset, print);
    return EXIT.ok;
  };
}

type Print = (line: string) => void;

async function printer(ctx: Context, since: number | undefined): Promise<Print> {
  const keep = (entry: { time?: unknown }) =>
    since === undefined ||
    (typeof entry.time === 'number' ? entry.time >= since : Date.parse(String(entry.time)) >= since);
  if (ctx.opts.json) {
    return (line) => {
      const entry = parse(line);
      // A valid line is passed through exactly (DEL/C1 re-encoded as \uXXXX: the same JSON); a
      // line that is not JSON is not ours to keep raw.
      if (since === undefined || (entry && keep(entry)))
        ctx.io.stdout.write(`${entry ? terminalSafeJson(line) : sanitize(line)}\n`);
    };
  }
  const { prettyFactory } = await import('pino-pretty');
  const pretty = prettyFactory({
    colorize: ctx.colors.isColorSupported,
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
    ignore: 'hostname',
    // Lifecycle entries carry their name in `event` (pino's msg is unused).
    messageKey: 'event',
    singleLine: true,
  });
  return (line) => {
    const entry = parse(line);
    // Entries echo registry fields (script paths, commands): made inert before pretty-printing.
    if (!entry) ctx.io.stdout.write(`${sanitize(line)}\n`);
    else if (keep(entry)) ctx.io.stdout.write(pretty(sanitizeDeep(entry)));
  };
}

function parse(line: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(line);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Prints every complete line from `offset`; returns the offset after the last complete line. */
async function readFrom(file: string, offset: number, print: Print): Promise<number> {
  let next = offset;
  const rl = createInterface({ input: createReadStream(file, { start: offset }), crlfDelay: Number.POSITIVE_INFINITY });
  let last: string | undefined;
  for await (const line of rl) {
    if (last !== undefined) {
      if (last.trim()) print(last);
      next += Buffer.byteLength(last) + 1;
    }
    last = line;
  }
  // Hold back a final line without its newline yet (pino may be mid-write); it is read next time.
  if (last !== undefined) {
    const size = (await stat(file)).size;
    if (next + Buffer.byteLength(last) + 1 <= size) {
      if (last.trim()) print(last);
      next += Buffer.byteLength(last) + 1;
    }
  }
  return next;
}

/** Polls for appended lines until SIGINT/SIGTERM; starts over when the file shrinks (rotated). */
function follow(file: string, start: number, print: Print): Promise<void> {
  return new Promise((resolve) => {
    let offset = start;
    let busy = false;
    const timer = setInterval(async () => {
      if (busy) return;
      busy = true;
      try {
        const size = await stat(file).then(
          (s) => s.size,
          () => -1,
        );
        if (size >= 0 && size < offset) offset = 0;
        if (size > offset) offset = await readFrom(file, offset, print);
      } finally {
        busy = false;
      }
    }, POLL_MS);
    const stop = () => {
      clearInterval(timer);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
