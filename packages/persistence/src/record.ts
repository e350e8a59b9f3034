import { dropUnsafeExtras } from './extras';
import { formatIssues, processRecordSchema } from './schema';
import type { OwnerRecord, ProcessRecord } from './types';

const RECORD_KEYS = new Set(Object.keys(processRecordSchema.shape));
const OWNER_KEYS = new Set(['id', 'pid', 'start_time', 'boot_id']);

export type RecordCheck = { ok: true; record: ProcessRecord } | { ok: false; reason: string };

/** Validates one registry entry read from disk or passed by a caller. */
export function checkRecord(value: unknown): RecordCheck {
  const result = processRecordSchema.safeParse(value);
  if (!result.success) return { ok: false, reason: formatIssues(result.error) };
  let record = dropUnsafeExtras(result.data as ProcessRecord & Record<string, unknown>, RECORD_KEYS);
  if (record.owner) {
    const owner = dropUnsafeExtras(record.owner as OwnerRecord & Record<string, unknown>, OWNER_KEYS);
    if (owner !== record.owner) record = { ...record, owner };
  }
  return { ok: true, record };
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
