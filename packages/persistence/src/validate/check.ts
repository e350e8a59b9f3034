/**
 * The one path every value read from disk (or handed to us to write) takes before anyone
 * sees it: registry records, owner files, PID file contents and lock holders. A fast check
 * (fast.ts) vouches for values exactly as Lifeline writes them without loading zod; anything
 * else goes to the zod schema (schema.ts), the authority, imported on first need. Importing
 * zod costs 40–70 ms, more than a short command like `lifeline ps` may spend in total.
 */
import type { OwnerInfo, OwnerRecord, PidFileContent, ProcessRecord, RecordOutput } from '../types';
import {
  dropUnsafeExtras,
  fastHolder,
  fastRecord,
  type LockHolder,
  OUTPUT_KEY_SET,
  OWNER_KEY_SET,
  RECORD_KEY_SET,
} from './fast';

type SchemaModule = typeof import('./schema');

let loading: Promise<SchemaModule> | undefined;

function loadSchema(): Promise<SchemaModule> {
  loading ??= import('./schema').catch((error: unknown) => {
    loading = undefined; // a failed import (EMFILE…) may succeed next time
    throw error;
  });
  return loading;
}

export type Check<T> = { ok: true; value: T } | { ok: false; reason: string };

/** What each kind of value is checked against: its fast check (if any) and its schema. */
const KINDS = {
  record: { fast: fastRecord, schema: (s: SchemaModule) => s.processRecordSchema },
  ownerInfo: { fast: undefined, schema: (s: SchemaModule) => s.ownerInfoSchema },
  pidFile: { fast: undefined, schema: (s: SchemaModule) => s.pidFileContentSchema },
  lockHolder: { fast: fastHolder, schema: (s: SchemaModule) => s.lockHolderSchema },
} as const;

interface Shapes {
  record: ProcessRecord;
  ownerInfo: OwnerInfo;
  pidFile: PidFileContent;
  lockHolder: LockHolder;
}
export type Kind = keyof Shapes;

/** The authority: zod's verdict (and message); for a record, unsafe unknown fields are dropped. */
function withSchema<K extends Kind>(schema: SchemaModule, kind: K, value: unknown): Check<Shapes[K]> {
  const result = KINDS[kind].schema(schema).safeParse(value);
  if (!result.success) return { ok: false, reason: schema.formatIssues(result.error) };
  if (kind !== 'record') return { ok: true, value: result.data as Shapes[K] };
  let record = dropUnsafeExtras(result.data as ProcessRecord & Record<string, unknown>, RECORD_KEY_SET);
  if (record.owner) {
    const owner = dropUnsafeExtras(record.owner as OwnerRecord & Record<string, unknown>, OWNER_KEY_SET);
    if (owner !== record.owner) record = { ...record, owner };
  }
  if (record.output) {
    const output = dropUnsafeExtras(record.output as RecordOutput & Record<string, unknown>, OUTPUT_KEY_SET);
    if (output !== record.output) record = { ...record, output };
  }
  return { ok: true, value: record as unknown as Shapes[K] };
}

/**
 * Validates values of one kind; each valid one comes back as a fresh object — except, with
 * `owned` (values the caller parsed itself and nobody else holds), a record the fast check finds
 * already in schema form, which comes back as it is. zod is loaded (once) only when some value
 * does not pass the fast check, and decides those.
 */
export async function checkAll<K extends Kind>(
  kind: K,
  values: readonly unknown[],
  owned = false,
): Promise<Check<Shapes[K]>[]> {
  const fast = KINDS[kind].fast as ((value: unknown, owned: boolean) => Shapes[K] | undefined) | undefined;
  const checks: Array<Check<Shapes[K]> | undefined> = new Array(values.length);
  let misses = 0;
  for (let i = 0; i < values.length; i++) {
    const value = fast?.(values[i], owned);
    if (value === undefined) misses++;
    else checks[i] = { ok: true, value };
  }
  if (misses === 0) return checks as Check<Shapes[K]>[];
  const schema = await loadSchema();
  return Array.from(checks, (check, i) => check ?? withSchema(schema, kind, values[i]));
}

export async function check<K extends Kind>(kind: K, value: unknown): Promise<Check<Shapes[K]>> {
  return (await checkAll(kind, [value]))[0] as Check<Shapes[K]>;
}
