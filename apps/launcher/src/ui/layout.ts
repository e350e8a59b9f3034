/** Rows for each part of the screen, or why the terminal is too small. */
export interface ScreenLayout {
  tooSmall: string | null;
  width: number;
  scriptRows: number;
  processRows: number;
  paneRows: number;
}

export const MIN_COLUMNS = 60;
export const MIN_ROWS = 16;
// header, filter, "Scripts", "Processes", column titles, pane title, two lines of keys
const FIXED_ROWS = 8;

/**
 * Split the terminal between the script list, the process panel and the bottom pane
 * (messages, or a process's output). One row is kept free so ink never scrolls the screen.
 */
export function computeLayout(columns: number, rows: number, outputOpen: boolean): ScreenLayout {
  if (columns < MIN_COLUMNS || rows < MIN_ROWS)
    return {
      tooSmall: `Terminal too small: ${columns}×${rows}; the launcher needs at least ${MIN_COLUMNS}×${MIN_ROWS}. Resize it (processes keep running), or press Ctrl-C to quit.`,
      width: columns,
      scriptRows: 0,
      processRows: 0,
      paneRows: 0,
    };
  const free = rows - 1 - FIXED_ROWS;
  const processRows = Math.max(2, Math.floor(free * 0.34));
  const scriptRows = outputOpen ? 2 : Math.max(2, Math.round(free * 0.4));
  const paneRows = free - processRows - scriptRows;
  return { tooSmall: null, width: Math.min(columns, 120), scriptRows, processRows, paneRows };
}

/** The slice of `count` items to show in `rows` rows so that `selected` is visible. */
export function windowAround(count: number, selected: number, rows: number): [number, number] {
  if (count <= rows) return [0, count];
  const start = Math.min(Math.max(0, selected - Math.floor(rows / 2)), count - rows);
  return [start, start + rows];
}
