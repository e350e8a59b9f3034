import type { Context } from '../context.js';
import { EXIT } from '../errors.js';
import { formatAge, formatBytes, formatCpu } from '../output/format.js';
import { printJson } from '../output/json.js';
import { sanitizeDeep } from '../output/sanitize.js';
import { renderTable } from '../output/table.js';
import type { Handler } from '../program.js';
import { resolveState } from '../state.js';
import { describeTracked, type PsEntry } from '../tracked/describe.js';
import { readRecords } from '../tracked/read-records.js';
import { warnCorruption } from './shared.js';

/** `lifeline ps [--tree]`: every tracked process with its verified state. */
export function psCommand(flags: { tree: boolean }): Handler {
  return async (ctx) => {
    const state = await resolveState(ctx);
    const { records, corruption } = state.exists ? await readRecords(state.layout) : { records: [] };
    if (corruption) warnCorruption(ctx, corruption);
    const entries = await describeTracked(records, { tree: flags.tree });
    if (ctx.opts.json) {
      printJson(ctx.io, entries);
      return EXIT.ok;
    }
    if (entries.length === 0) {
      ctx.out(`No tracked processes (state: ${state.layout.stateDir}).`);
      return EXIT.ok;
    }
    // Script paths, commands and owner ids come from the registry: made inert before layout.
    ctx.io.stdout.write(await table(ctx, sanitizeDeep(entries)));
    const orphans = entries.filter((e) => e.orphan).length;
    if (orphans > 0) {
      ctx.out(ctx.colors.yellow(`${orphans} orphan(s): their owner is gone. Run \`lifeline cleanup\` to end them.`));
    }
    return EXIT.ok;
  };
}

const stateColor = (ctx: Context, state: string): string => {
  const c = ctx.colors;
  if (state === 'running') return c.green(state);
  if (state === 'gone') return c.dim(state);
  if (state === 'unverified') return c.yellow(state);
  return c.red(state);
};

async function table(ctx: Context, entries: PsEntry[]): Promise<string> {
  const rows: string[][] = [];
  const kinds: Array<'root' | 'child'> = [];
  for (const e of entries) {
    const owner = e.owner ? `${e.owner.id}${e.owner.alive ? '' : ' (gone)'}` : '-';
    rows.push([
      String(e.pid),
      e.pgid === null ? '-' : String(e.pgid),
      e.state,
      formatAge(e.ageSeconds),
      formatBytes(e.rssBytes),
      formatCpu(e.cpuSeconds),
      owner,
      e.command,
    ]);
    kinds.push('root');
    for (const d of treeLines(e)) {
      rows.push([String(d.pid), '', '', '', '', '', '', d.text]);
      kinds.push('child');
    }
  }
  return renderTable(
    [
      { header: 'PID', align: 'right' },
      { header: 'PGID', align: 'right' },
      { header: 'STATE' },
      { header: 'AGE', align: 'right' },
      { header: 'RSS', align: 'right' },
      { header: 'CPU', align: 'right' },
      { header: 'OWNER', max: 16 },
      { header: 'COMMAND', flex: true },
    ],
    rows,
    {
      width: ctx.width,
      colors: ctx.colors,
      style: (row, column, text) => {
        if (kinds[row] === 'child') return column === 0 || column === 7 ? ctx.colors.dim(text) : text;
        if (column === 2) return stateColor(ctx, text);
        if (column === 6 && text.endsWith('(gone)')) return ctx.colors.yellow(text);
        return text;
      },
    },
  );
}

/** Descendants as an indented tree under their root (parents before children, by ppid). */
function treeLines(entry: PsEntry): Array<{ pid: number; text: string }> {
  const list = entry.descendants ?? [];
  const known = new Set(list.map((d) => d.pid));
  const children = new Map<number, typeof list>();
  for (const d of list) {
    // A double-forked descendant was re-parented away; hang it under the root.
    const parent = known.has(d.ppid) ? d.ppid : entry.pid;
    children.set(parent, [...(children.get(parent) ?? []), d]);
  }
  const lines: Array<{ pid: number; text: string }> = [];
  const walk = (pid: number, prefix: string) => {
    const kids = children.get(pid) ?? [];
    kids.forEach((d, i) => {
      const last = i === kids.length - 1;
      lines.push({ pid: d.pid, text: `${prefix}${last ? '└─ ' : '├─ '}${d.command}` });
      walk(d.pid, `${prefix}${last ? '   ' : '│  '}`);
    });
  };
  walk(entry.pid, '');
  return lines;
}
