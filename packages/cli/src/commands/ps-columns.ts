import type { Colors } from '../output/color.js';
import { type Column, renderTable } from '../output/table.js';

export type PsColumn = 'PID' | 'PGID' | 'NAME' | 'STATE' | 'AGE' | 'RSS' | 'CPU' | 'OWNER' | 'COMMAND';

const SPEC: Record<PsColumn, Column> = {
  PID: { header: 'PID', align: 'right' },
  PGID: { header: 'PGID', align: 'right' },
  NAME: { header: 'NAME', max: 20 },
  STATE: { header: 'STATE' },
  AGE: { header: 'AGE', align: 'right' },
  RSS: { header: 'RSS', align: 'right' },
  CPU: { header: 'CPU', align: 'right' },
  OWNER: { header: 'OWNER', max: 18 },
  COMMAND: { header: 'COMMAND', flex: true },
};

/** Left to right on screen. */
const DISPLAY: PsColumn[] = ['PID', 'PGID', 'NAME', 'STATE', 'AGE', 'RSS', 'CPU', 'OWNER', 'COMMAND'];
/** Which columns stay when the terminal is narrow: the first three always, the rest while they fit. */
const KEEP: PsColumn[] = ['PID', 'NAME', 'STATE', 'OWNER', 'AGE', 'RSS', 'CPU', 'COMMAND', 'PGID'];
/** COMMAND is shown only with at least this many columns for it. */
const MIN_COMMAND = 12;
const GAP = 2;

/**
 * The columns of `ps` that fit `width` without wrapping: a narrow terminal loses whole columns
 * (PGID, then COMMAND, CPU, RSS, AGE, OWNER) instead of getting rows that wrap. --wide keeps all,
 * with the full command.
 */
export async function pickColumns(rows: Record<PsColumn, string>[], width: number, wide: boolean) {
  const natural = (name: PsColumn) => {
    const spec = SPEC[name];
    const longest = Math.max(spec.header.length, ...rows.map((r) => r[name].length));
    return wide ? longest : Math.min(longest, spec.max ?? Number.POSITIVE_INFINITY);
  };
  const chosen = new Set<PsColumn>();
  let used = -GAP;
  for (const name of KEEP) {
    const need = name === 'COMMAND' ? Math.min(natural(name), MIN_COMMAND) : natural(name);
    if (chosen.size >= 3 && used + GAP + need > width) continue;
    chosen.add(name);
    used += GAP + need;
  }
  const columns = DISPLAY.filter((name) => chosen.has(name));
  const specs = columns.map((name) => (wide ? { ...SPEC[name], max: undefined } : SPEC[name]));
  return {
    columns,
    render: (options: { colors: Colors; style: (row: number, column: number, text: string) => string }) =>
      renderTable(
        specs,
        rows.map((r) => columns.map((name) => r[name])),
        { width, ...options },
      ),
  };
}
