import { join } from 'node:path';
import type { StateLayout } from '@lifeline/persistence';
import type { Context } from '../context.js';
import { EXIT } from '../errors.js';
import { sanitize } from '../output/sanitize.js';
import { checkedOpener } from './output-path.js';
import type { RunTarget } from './run-files.js';
import { findSources, type OutputSource, type Refusal } from './sources.js';
import { LineTail, pollUntilInterrupted } from './tail.js';

export interface OutputFlags {
  follow: boolean;
  lines: number;
  since?: number;
}

/** With -f, how many polls (of 200 ms) between two looks for new runs (records and run files). */
const LOOK_EVERY = 5;

/**
 * `lifeline logs [NAME|PID] [-f]`: what the scripts printed, each line prefixed `name |` as
 * `pm2 logs` does. The files come from the children's records (sources.ts: a running child's
 * record names its output file), else from finished runs' files in logs/runs; every file is
 * checked (output-path.ts) and opened without following links or waiting on FIFOs. First the
 * last lines of each, then, with -f, new lines of those and of runs that start meanwhile,
 * interleaved as they come. --json: one {name, pid, line} per line.
 */
export async function showOutput(ctx: Context, layout: StateLayout, target: RunTarget, flags: OutputFlags) {
  const found = await findSources(layout, target, { since: flags.since, fromLog: true });
  const warned = new Set<string>();
  const warn = (refusals: Refusal[]) => {
    for (const r of refusals) {
      if (warned.has(r.path)) continue;
      warned.add(r.path);
      ctx.err(
        `${ctx.errColors.yellow('warning:')} not reading the output of pid ${r.pid}: ${sanitize(r.path)} ${sanitize(r.reason)}`,
      );
    }
  };
  warn(found.refused);
  if (found.shown.length === 0 && !flags.follow) {
    const what =
      target === null
        ? 'no script output yet'
        : `no output of ${'pid' in target ? `pid ${target.pid}` : JSON.stringify(target.name)}`;
    for (const u of found.uncaptured)
      ctx.err(
        `pid ${u.pid} (${sanitize(u.name)}) is tracked, but its output is not captured to a file (it goes where its owner sent it; \`lifeline run --log\` captures it)`,
      );
    const names = found.runNames.slice(-8).map(sanitize);
    ctx.err(
      `${what} in ${join(layout.logsDir, 'runs')}${names.length ? ` (runs: ${names.join(', ')})` : ''}; lifecycle events: \`lifeline logs --events\``,
    );
    return found.refused.length > 0 ? EXIT.failed : EXIT.ok;
  }
  const width = Math.max(...found.shown.map((s) => label(s).length), 4);
  const print = (source: OutputSource, line: string) => {
    if (ctx.opts.json) {
      ctx.io.stdout.write(`${JSON.stringify({ name: source.name, pid: source.pid, line: sanitize(line) })}\n`);
      return;
    }
    ctx.out(`${ctx.colors.cyan(`${label(source).padEnd(width)} |`)} ${sanitize(line)}`);
  };
  const tails = new Map<string, { source: OutputSource; tail: LineTail }>();
  // Every (re-)open of a followed file is checked again: the paths come from records, which are untrusted.
  const openChecked = checkedOpener(layout.logsDir);
  for (const source of found.shown) {
    const tail = new LineTail(source.path, 0, openChecked);
    for (const line of await tail.last(flags.lines)) print(source, line);
    tails.set(source.path, { source, tail });
  }
  if (!flags.follow) return EXIT.ok;
  const known = found.seen;
  let polls = 0;
  await pollUntilInterrupted(async () => {
    if (polls++ % LOOK_EVERY === LOOK_EVERY - 1) {
      const now = await findSources(layout, target);
      warn(now.refused);
      for (const source of now.shown) {
        if (known.has(source.path)) continue;
        // A run that started since: followed from its first line.
        known.add(source.path);
        tails.set(source.path, { source, tail: new LineTail(source.path, 0, openChecked) });
      }
      for (const path of now.seen) known.add(path);
    }
    for (const { source, tail } of tails.values()) for (const line of await tail.next()) print(source, line);
  });
  return EXIT.ok;
}

/** The prefix: the script's name, as ps shows it. */
const label = (source: OutputSource) => sanitize(source.name);
