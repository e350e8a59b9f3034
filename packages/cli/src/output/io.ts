import { colorEnabled } from './color.js';
import { guardText } from './sanitize.js';

/** Where a command writes. `run()` takes one so tests and embedders can capture output. */
export interface CliIo {
  stdout: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/**
 * The terminal's width: its columns when stdout is one, else $COLUMNS when set (a pipe into
 * `less`, `watch`), else undefined. Below 20 columns is taken as 20.
 */
export function terminalWidth(io: CliIo): number | undefined {
  const env = Number(io.env.COLUMNS);
  const columns = io.stdout.isTTY ? io.stdout.columns : Number.isInteger(env) && env > 0 ? env : undefined;
  return columns === undefined ? undefined : Math.max(columns, 20);
}

/** Width for tables: the terminal's (see terminalWidth), else 80 (pipes, CI logs). */
export function outputWidth(io: CliIo): number {
  return terminalWidth(io) ?? 80;
}

/**
 * The same io with every write passed through guardText: whatever a command prints, no control
 * character but a newline (and, when that stream is coloured, our SGR colour codes) reaches the
 * terminal. A backstop: commands sanitize untrusted fields themselves (sanitizeDeep), which also
 * keeps newlines inside a field from breaking lines and works with colour on.
 */
export function guardIo(io: CliIo): CliIo {
  const stdoutSgr = colorEnabled(io.env, io.stdout);
  const stderrSgr = colorEnabled(io.env, io.stderr);
  return {
    env: io.env,
    stdout: {
      write: (chunk: string) => io.stdout.write(guardText(String(chunk), stdoutSgr)),
      get isTTY() {
        return io.stdout.isTTY;
      },
      get columns() {
        return io.stdout.columns;
      },
    },
    stderr: {
      write: (chunk: string) => io.stderr.write(guardText(String(chunk), stderrSgr)),
      get isTTY() {
        return io.stderr.isTTY;
      },
    },
  };
}
