import { dropUnsafeExtras } from './extras';
import { fastRecord, OWNER_KEYS, RECORD_KEYS } from './fast-record';
import { loadSchema } from './lazy-schema';
import type { OwnerRecord, ProcessRecord } from './types';

const RECORD_KEY_SET: ReadonlySet<string> = new Set(RECORD_KEYS);
const OWNER_KEY_SET: ReadonlySet<string> = new Set(OWNER_KEYS);

export type RecordCheck = { ok: true; record: ProcessRecord } | { ok: false; reason: string };

type SchemaModule = Awaited<ReturnType<typeof loadSchema>>;

/** The authority: zod's verdict (and message), with unsafe unknown fields dropped. */
function checkWithSchema(schema: SchemaModule, value: unknown): RecordCheck {
  const result = schema.processRecordSchema.safeParse(value);
  if (!result.success) return { ok: false, reason: schema.formatIssues(result.error) };
  let record = dropUnsafeExtras(result.data as ProcessRecord & Record<string, unknown>, RECORD_KEY_SET);
  if (record.owner) {
    const owner = dropUnsafeExtras(record.owner as OwnerRecord & Record<string, unknown>, OWNER_KEY_SET);
    if (owner !== record.owner) record = { ...record, owner };
  }
  return { ok: true, record };
}

/**
 * Validates registry entries read from disk or passed by a caller. Each gets a fresh object.
 * Entries exactly as Lifeline writes them pass the fast check; zod is loaded (once) only
 * when some entry does not, and decides those.
 */
export async function checkRecords(values: readonly unknown[]): Promise<RecordCheck[]> {
  const checks: Array<RecordCheck | undefined> = new Array(values.length);
  let misses = 0;
  for (let i = 0; i < values.length; i++) {
    const record = fastRecord(values[i]);
    if (record === undefined) misses++;
    else checks[i] = { ok: true, record };
  }
  if (misses === 0) return checks as RecordCheck[];
  const schema = await loadSchema();
  return Array.from(checks, (check, i) => check ?? checkWithSchema(schema, values[i]));
}

export async function checkRecord(value: unknown): Promise<RecordCheck> {
  return (await checkRecords([value]))[0] as RecordCheck;
}

/** Does this record match a remove() condition? An undefined condition field is not checked. */
export function matchesRecord(
  record: ProcessRecord,
  match: { start_time?: string | null; owner_id?: string } | undefined,
): boolean {
  if (!match) return true;
  if (match.start_time !== undefined && (record.start_time ?? null) !== match.start_time) return false;
  if (match.owner_id !== undefined && record.owner?.id !== match.owner_id) return false;
  return true;
}
