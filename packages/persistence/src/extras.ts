/**
 * Unknown fields in a record are kept (a newer Lifeline, or Script Kit, may add some, and we
 * must not strip them when we rewrite the file) but only when they are small and shallow:
 * a 100 000-deep value would pass a loose schema and then overflow the stack in
 * JSON.stringify on our next write.
 */
const MAX_EXTRA_DEPTH = 8;
const MAX_EXTRA_BYTES = 4096;

function depthWithin(value: unknown, budget: number): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (budget <= 0) return false;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.every((child) => depthWithin(child, budget - 1));
}

/** Length of the JSON text of `value`; Infinity when it has none we could keep (a bigint, a cycle). */
function jsonSize(value: unknown): number {
  try {
    return (JSON.stringify(value) ?? '').length; // undefined, a function: written as nothing
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Returns `record` with oversized or over-deep unknown fields dropped (known keys are left as they are). */
export function dropUnsafeExtras<T extends Record<string, unknown>>(record: T, known: ReadonlySet<string>): T {
  let copy: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(record)) {
    if (known.has(key)) continue;
    if (key.length <= 128 && depthWithin(value, MAX_EXTRA_DEPTH) && jsonSize(value) <= MAX_EXTRA_BYTES) continue;
    copy ??= { ...record };
    delete copy[key];
  }
  return (copy ?? record) as T;
}
