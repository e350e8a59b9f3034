/**
 * The fast path of record validation: accepts a registry entry exactly as Lifeline (or Script
 * Kit) writes it — only known fields, the right primitive types, pids in range, bounded
 * strings, a `started_at` from 1970 on — without loading zod. It returns undefined for
 * anything else, and the caller then asks the zod schema, which stays the authority: this
 * check accepts a strict subset of what processRecordSchema accepts (fast-record.test.ts runs
 * both over generated good and bad records) and builds the same output, keys in schema order.
 */
import { isDayOf } from './dates';
import { isPid } from './pid';
import type { OwnerRecord, ProcessRecord } from './types';

/** processRecordSchema's keys in its order (a test keeps them equal), which is zod's output order. */
export const RECORD_KEYS = [
  'pid',
  'script_path',
  'started_at',
  'pgid',
  'start_time',
  'boot_id',
  'command',
  'owner',
  'name',
] as const;
export const OWNER_KEYS = ['id', 'pid', 'start_time', 'boot_id'] as const;
const RECORD_KEY_SET: ReadonlySet<string> = new Set(RECORD_KEYS);
const OWNER_KEY_SET: ReadonlySet<string> = new Set(OWNER_KEYS);

/**
 * `2024-01-15T10:30:00.000Z` (Node), nanoseconds (chrono), or an offset; years 1970–9999.
 * A narrowing of zod's iso datetime pattern; the day is checked against the month below.
 */
const ISO_DATE =
  /^(19[7-9]\d|[2-9]\d{3})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

type Fields = Record<string, unknown>;

function isPlainObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function hasOnly(object: Fields, known: ReadonlySet<string>): boolean {
  for (const key of Object.keys(object)) if (!known.has(key)) return false;
  return true;
}

const isText = (value: unknown, max: number): boolean => typeof value === 'string' && value.length <= max;
/** `.optional()` of a schema: absent or undefined, or valid. */
const optionalText = (value: unknown, max: number): boolean => value === undefined || isText(value, max);
/** `shortText.nullable().optional()`. */
const optionalShort = (value: unknown): boolean => value === undefined || value === null || isText(value, 256);
function isIsoDate(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 64) return false;
  const match = ISO_DATE.exec(value);
  return (
    match !== null && isDayOf(Number(match[1]), Number(match[2]), Number(match[3])) && !Number.isNaN(Date.parse(value)) // the schema asks Date.parse too
  );
}

const has = Object.hasOwn as (object: Fields, key: string) => boolean;

function fastOwner(value: unknown): OwnerRecord | undefined {
  if (!isPlainObject(value) || !hasOnly(value, OWNER_KEY_SET)) return undefined;
  const { id, pid, start_time, boot_id } = value;
  if (typeof id !== 'string' || id.length < 1 || id.length > 128) return undefined;
  if (!isPid(pid) || !optionalShort(start_time) || !optionalShort(boot_id)) return undefined;
  // Keys in schema order; a key present with value undefined stays, as zod keeps it.
  const owner: Fields = { id, pid };
  if (has(value, 'start_time')) owner.start_time = start_time;
  if (has(value, 'boot_id')) owner.boot_id = boot_id;
  return owner as unknown as OwnerRecord;
}

/** A fresh, valid record, or undefined when this strict check cannot vouch for `value` (ask zod then). */
export function fastRecord(value: unknown): ProcessRecord | undefined {
  if (!isPlainObject(value) || !hasOnly(value, RECORD_KEY_SET)) return undefined;
  const { pid, script_path, started_at, pgid, start_time, boot_id, command, owner, name } = value;
  if (!isPid(pid) || !isText(script_path, 4096) || !isIsoDate(started_at)) return undefined;
  if (pgid !== undefined && pgid !== null && !isPid(pgid)) return undefined;
  if (!optionalShort(start_time) || !optionalShort(boot_id)) return undefined;
  if (!optionalText(command, 16_384) || !optionalText(name, 256)) return undefined;
  const checkedOwner = owner === undefined ? undefined : fastOwner(owner);
  if (owner !== undefined && checkedOwner === undefined) return undefined;
  // Written out rather than looped over RECORD_KEYS: named stores keep one object shape (3× faster).
  const record: Fields = { pid, script_path, started_at };
  if (has(value, 'pgid')) record.pgid = pgid;
  if (has(value, 'start_time')) record.start_time = start_time;
  if (has(value, 'boot_id')) record.boot_id = boot_id;
  if (has(value, 'command')) record.command = command;
  if (has(value, 'owner')) record.owner = checkedOwner;
  if (has(value, 'name')) record.name = name;
  return record as unknown as ProcessRecord;
}
