import type { Context } from '../context.js';
import { EXIT } from '../errors.js';
import { formatAge, formatBytes, formatCpu } from '../output/format.js';
import { printJson } from '../output/json.js';
import { sanitizeDeep } from '../output/sanitize.js';
import type { Handler } from '../program.js';
import { resolveState } from '../state/resolve.js';
import { describeTracked, type PsEntry } from '../tracked/describe.js';
import { readTrackedState } from '../tracked/read-state.js';
import { type PsColumn, pickColumns } from './ps-columns.js';
import { warnCorruption } from './shared.js';

/** `lifeline ps [--tree] [--wide]` (also `ls`, `list`): every tracked process with its verified state. Writes nothing. */
export function psCommand(flags: { tree: boolean; wide: boolean }): Handler {
  return async (ctx) => {
    const state = await resolveState(ctx);
    const tracked = await readTrackedState(state);
    if (tracked.corruption) warnCorruption(ctx, tracked.corruption);
    const entries = await describeTracked(tracked.records, tracked, { tree: flags.tree });
    if (ctx.opts.json) {
      printJson(ctx.io, entries);
      return EXIT.ok;
    }
    if (entries.length === 0) {
      ctx.out(`No tracked processes (state: ${state.layout.stateDir}).`);
      return EXIT.ok;
    }
    // Script paths, commands and owner ids come from the registry: made inert before layout.
    ctx.io.stdout.write(await table(ctx, sanitizeDeep(entries), flags.wide));
    const orphans = entries.filter((e) => e.orphan).length;
    if (orphans > 0) {
      ctx.out(
        ctx.colors.yellow(`${orphans} orphan(s): their owner is gone. \`lifeline cleanup\` ends them (try --dry-run).`),
      );
    }
    return EXIT.ok;
  };
}

const stateColor = (ctx: Context, state: string): string => {
  const c = ctx.colors;
  if (state === 'running') return c.green(state);
  if (state === 'gone') return c.dim(state);
  if (state === 'unverified' || state === 'orphan') return c.yellow(state);
  return c.red(state);
};

async function table(ctx: Context, entries: PsEntry[], wide: boolean): Promise<string> {
  const rows: Record<PsColumn, string>[] = [];
  const kinds: Array<'root' | 'child'> = [];
  for (const e of entries) {
    const ownerName = e.owner ? (e.owner.name ?? e.owner.id) : '-';
    const owner = e.owner
      ? `${ownerName}${wide && e.owner.name ? ` ${e.owner.id}` : ''}${e.owner.alive ? '' : ' (gone)'}`
      : '-';
    rows.push({
      PID: String(e.pid),
      PGID: e.pgid === null ? '-' : String(e.pgid),
      NAME: e.name,
      // The JSON keeps state and orphan apart; the table says "orphan" where it matters.
      STATE: e.orphan ? 'orphan' : e.state,
      AGE: formatAge(e.ageSeconds),
      RSS: formatBytes(e.rssBytes),
      CPU: formatCpu(e.cpuSeconds),
      OWNER: owner,
      COMMAND: e.command,
    });
    kinds.push('root');
    for (const d of treeLines(e)) {
      rows.push({
        PID: String(d.pid),
        PGID: '',
        NAME: d.name,
        STATE: '',
        AGE: '',
        RSS: '',
        CPU: '',
        OWNER: '',
        COMMAND: d.command,
      });
      kinds.push('child');
    }
  }
  const width = wide ? Number.POSITIVE_INFINITY : ctx.width;
  const { columns, render } = await pickColumns(rows, width, wide);
  return render({
    colors: ctx.colors,
    style: (row, column, text) => {
      const name = columns[column];
      if (kinds[row] === 'child') return name === 'PID' || name === 'NAME' ? ctx.colors.dim(text) : text;
      if (name === 'STATE') return stateColor(ctx, text);
      if (name === 'OWNER' && text.endsWith('(gone)')) return ctx.colors.yellow(text);
      return text;
    },
  });
}

/** Descendants as an indented tree under their root (parents before children, by ppid). */
function treeLines(entry: PsEntry): Array<{ pid: number; name: string; command: string }> {
  const list = entry.descendants ?? [];
  const known = new Set(list.map((d) => d.pid));
  const children = new Map<number, typeof list>();
  for (const d of list) {
    // A double-forked descendant was re-parented away; hang it under the root.
    const parent = known.has(d.ppid) ? d.ppid : entry.pid;
    children.set(parent, [...(children.get(parent) ?? []), d]);
  }
  const lines: Array<{ pid: number; name: string; command: string }> = [];
  const walk = (pid: number, prefix: string) => {
    const kids = children.get(pid) ?? [];
    kids.forEach((d, i) => {
      const last = i === kids.length - 1;
      lines.push({ pid: d.pid, name: `${prefix}${last ? '└─ ' : '├─ '}${programName(d.command)}`, command: d.command });
      walk(d.pid, `${prefix}${last ? '   ' : '│  '}`);
    });
  };
  walk(entry.pid, '');
  return lines;
}

function programName(command: string): string {
  const first = command.split(' ')[0] ?? command;
  return first.slice(first.lastIndexOf('/') + 1) || command;
}
