/**
 * The zod schemas, loaded on first need. Importing zod costs 40–70 ms, more than a short
 * command like `lifeline ps` may spend in total, and a registry exactly as Lifeline writes it
 * never needs it (see fast-record.ts). Anything else — a bad record, an unknown field, an owner
 * or PID file — waits for this one dynamic import.
 */
type SchemaModule = typeof import('./schema');

let loading: Promise<SchemaModule> | undefined;

export function loadSchema(): Promise<SchemaModule> {
  loading ??= import('./schema').catch((error: unknown) => {
    loading = undefined; // a failed import (EMFILE…) may succeed next time
    throw error;
  });
  return loading;
}
