import type { Cell, Goal, Table } from './result';

/** Text safe inside a markdown table cell: no pipes, no newlines, no control characters. */
export function cell(value: Cell): string {
  if (value === null) return '–';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const text = typeof value === 'number' ? formatNumber(value) : value;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\|/g, '\\|');
}

function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return n.toFixed(n < 10 ? 2 : 1);
}

export function renderTable(table: Table): string {
  const lines: string[] = [];
  if (table.title) lines.push(`**${table.title}**`, '');
  lines.push(`| ${table.headers.map((h) => cell(h)).join(' | ')} |`);
  lines.push(`|${table.headers.map(() => '---').join('|')}|`);
  for (const row of table.rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

export function goalsTable(goals: Goal[]): Table {
  return {
    headers: ['Goal', 'Target', 'Measured', 'Result'],
    rows: goals.map((g) => [g.name, g.target, g.measured, g.ok ? 'pass' : '**FAIL**']),
  };
}
