import type { Colors } from './color.js';

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Flexible columns share what the fixed ones leave of the width; others fit their content. */
  flex?: boolean;
  /** Upper bound for a fixed column's width. */
  max?: number;
}

export interface TableOptions {
  width: number;
  colors: Colors;
  /** Optional per-cell styling applied after the widths are measured on plain text. */
  style?: (row: number, column: number, text: string) => string;
}

/**
 * A borderless table that fits `width` columns: fixed columns take what their content needs,
 * flexible ones share the rest and are truncated with an ellipsis by cli-table3.
 * cli-table3 is imported lazily so commands that print JSON never load it.
 */
export async function renderTable(columns: Column[], rows: string[][], options: TableOptions): Promise<string> {
  const gap = 2;
  const natural = columns.map((c, i) => Math.max(c.header.length, ...rows.map((r) => (r[i] ?? '').length)));
  const widths = columns.map((c, i) => (c.flex ? 0 : Math.min(natural[i] ?? 0, c.max ?? Number.POSITIVE_INFINITY)));
  const flexIdx = columns.flatMap((c, i) => (c.flex ? [i] : []));
  const used = widths.reduce((a, b) => a + b, 0) + gap * (columns.length - 1);
  let left = Math.max(options.width - used, flexIdx.length * 6);
  // Give each flexible column what it needs, smallest first, splitting what remains evenly.
  const order = [...flexIdx].sort((a, b) => (natural[a] ?? 0) - (natural[b] ?? 0));
  order.forEach((i, n) => {
    const share = Math.floor(left / (order.length - n));
    widths[i] = Math.max(Math.min(natural[i] ?? 0, share), Math.min(6, natural[i] ?? 0));
    left -= widths[i] ?? 0;
  });
  if ([columns.map((c) => c.header), ...rows].every((row) => row.every((cell) => PRINTABLE_ASCII.test(cell)))) {
    return renderAscii(columns, rows, widths, gap, options);
  }
  const { default: Table } = await import('cli-table3');
  const blank = { top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '' };
  const table = new Table({
    head: columns.map((c) => options.colors.bold(c.header)),
    colWidths: widths,
    colAligns: columns.map((c) => c.align ?? 'left'),
    wordWrap: false,
    truncate: '…',
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    chars: {
      ...blank,
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: ' '.repeat(gap),
    },
  });
  for (const [r, row] of rows.entries()) {
    table.push(row.map((cell, c) => (options.style ? options.style(r, c, cell) : cell)));
  }
  // Cells are padded to their column width; trailing blanks are noise in a terminal or a pipe.
  return `${table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')}\n`;
}

/** One column per character: plain printable ASCII, the common case (pids, paths, ids). */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * The fast path for ASCII-only tables. cli-table3 measures every cell with string-width (wide
 * and combining characters, emoji): right for arbitrary text, but ~0.3 ms a row, which alone
 * would put `lifeline ps` with 100 records over its start-up budget. When every cell is
 * printable ASCII, a character is a column and padding is exact, so we pad ourselves.
 */
function renderAscii(
  columns: Column[],
  rows: string[][],
  widths: number[],
  gap: number,
  options: TableOptions,
): string {
  const fit = (text: string, width: number) =>
    text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
  const line = (cells: string[], style: (column: number, text: string) => string) =>
    cells
      .map((cell, i) => {
        const width = widths[i] ?? 0;
        const text = fit(cell, width);
        const padding = ' '.repeat(width - text.length);
        return columns[i]?.align === 'right' ? padding + style(i, text) : style(i, text) + padding;
      })
      .join(' '.repeat(gap))
      .trimEnd();
  const out = [
    line(
      columns.map((c) => c.header),
      (_i, text) => options.colors.bold(text),
    ),
  ];
  rows.forEach((row, r) => {
    out.push(line(row, (c, text) => (options.style ? options.style(r, c, text) : text)));
  });
  return `${out.join('\n')}\n`;
}
