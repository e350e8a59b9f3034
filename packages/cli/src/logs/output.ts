import { join } from 'node:path';
import type { StateLayout } from '@lifeline/persistence';
import type { Context } from '../context.js';
import { EXIT } from '../errors.js';
import { sanitize } from '../output/sanitize.js';
import { listRunFiles, matches, pickLatest, type RunFile, type RunTarget } from './run-files.js';
import { LineTail, pollUntilInterrupted } from './tail.js';

export interface OutputFlags {
  follow: boolean;
  lines: number;
  since?: number;
}

/**
 * `lifeline logs [NAME|PID] [-f]`: what the scripts printed, from the launcher's per-run files
 * (logs/runs/*.log), each line prefixed `name |` as `pm2 logs` does: first the last lines of the
 * latest run of each name (or of the one asked for), then, with -f, new lines of those runs and
 * of runs that start meanwhile, interleaved as they come. --json: one {name, pid, line} per line.
 */
export async function showOutput(ctx: Context, layout: StateLayout, target: RunTarget, flags: OutputFlags) {
  const dir = join(layout.logsDir, 'runs');
  const files = await listRunFiles(dir, flags.since);
  const shown = pickLatest(files, target);
  if (shown.length === 0 && !flags.follow) {
    const what =
      target === null
        ? 'no script output yet'
        : `no output of ${'pid' in target ? `pid ${target.pid}` : JSON.stringify(target.name)}`;
    const names = [...new Set(files.map((f) => f.name))].slice(-8);
    ctx.err(
      `${what} in ${dir}${names.length ? ` (runs: ${names.join(', ')})` : ''}; lifecycle events: \`lifeline logs --events\``,
    );
    return EXIT.ok;
  }
  const width = Math.max(...shown.map((f) => label(f).length), 4);
  const print = (file: RunFile, line: string) => {
    if (ctx.opts.json) {
      ctx.io.stdout.write(`${JSON.stringify({ name: file.name, pid: file.pid, line: sanitize(line) })}\n`);
      return;
    }
    ctx.out(`${ctx.colors.cyan(`${label(file).padEnd(width)} |`)} ${sanitize(line)}`);
  };
  // Keyed by run, not path: the launcher renames a run's file once it knows the pid.
  const tails = new Map<string, { file: RunFile; tail: LineTail }>();
  for (const file of shown) {
    const tail = new LineTail(file.path);
    for (const line of await tail.last(flags.lines)) print(file, line);
    tails.set(runKey(file), { file, tail });
  }
  if (!flags.follow) return EXIT.ok;
  const known = new Set(files.map(runKey));
  await pollUntilInterrupted(async () => {
    for (const file of await listRunFiles(dir)) {
      const followed = tails.get(runKey(file));
      if (followed && followed.tail.path !== file.path) {
        followed.tail.path = file.path;
        followed.file = file;
      }
      if (known.has(runKey(file))) continue;
      // A run that started since: followed from its first line.
      known.add(runKey(file));
      if (matches(file, target)) tails.set(runKey(file), { file, tail: new LineTail(file.path) });
    }
    for (const { file, tail } of tails.values()) for (const line of await tail.next()) print(file, line);
  });
  return EXIT.ok;
}

const runKey = (file: RunFile) => `${file.name}\0${file.stamp}\0${file.seq}`;

/** The prefix: the script's name, as ps shows it. */
const label = (file: RunFile) => sanitize(file.name);
