import type { CliIo } from './io.js';
import { terminalSafeJson } from './sanitize.js';

/**
 * One JSON document on stdout (pretty, newline-terminated), the shape documented per command.
 * Values stay exact: JSON.stringify escapes C0 controls, terminalSafeJson the rest.
 */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${terminalSafeJson(JSON.stringify(value, null, 2))}\n`);
}
