import type { CliIo } from './io.js';

/** One JSON document on stdout (pretty, newline-terminated), the shape documented per command. */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
