/** Where a command writes. `run()` takes one so tests and embedders can capture output. */
export interface CliIo {
  stdout: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** Output width: the terminal's columns when it has them, else 80 (pipes, CI logs). */
export function outputWidth(io: CliIo): number {
  const columns = io.stdout.isTTY ? io.stdout.columns : undefined;
  return columns && columns >= 40 ? columns : 80;
}
