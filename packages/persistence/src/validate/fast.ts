/**
 * The zod-free half of validation: the limits every validator shares (pids, dates, unknown
 * fields) and fast checks that accept a registry record or a lock holder exactly as Lifeline
 * writes it. A fast check returns undefined for anything else, and check.ts then asks the zod
 * schema (schema.ts), which stays the authority: each fast check accepts a strict subset of
 * what its schema accepts (fast.test.ts and holder.test.ts run both over generated good and bad
 * values) and builds the same output, keys in schema order. Nothing here loads zod.
 */
import type { OwnerRecord, ProcessRecord, RecordOutput } from '../types';

// --- pids ---
/**
 * kill(2) takes a signed 32-bit pid_t: anything above 2^31-1 would wrap to a negative number,
 * i.e. a process group. 0 and 1 are "our group" and init. So a pid is an integer with
 * 2 ≤ pid ≤ 2^31-1. Kept free of zod: the lock and the fast checks use it on hot paths.
 */
export const MAX_PID = 2 ** 31 - 1;

export function isPid(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 2 && value <= MAX_PID;
}

// --- dates ---
/**
 * A real calendar date: "2024-02-30" matches the ISO pattern but is not a day. Used by the zod
 * schema (the authority); the fast check below checks the day with the arithmetic below instead,
 * which agrees with this for the years it accepts (1970–9999) and costs a tenth as much.
 */
export function isRealDate(text: string): boolean {
  const time = Date.parse(text);
  if (Number.isNaN(time)) return false;
  const [y, m, d] = text.slice(0, 10).split('-').map(Number);
  const days = new Date(Date.UTC(y as number, m as number, 0)).getUTCDate();
  return (d as number) >= 1 && (d as number) <= days;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Is `day` a day of `month` (1–12) in `year` (Gregorian)? */
export function isDayOf(year: number, month: number, day: number): boolean {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
  return day >= 1 && day <= days;
}

// --- unknown fields ---
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

// --- registry records ---
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
  'cgroup',
  'output',
] as const;
export const OWNER_KEYS = ['id', 'pid', 'start_time', 'boot_id', 'tag'] as const;
export const OUTPUT_KEYS = ['stdout', 'stderr'] as const;
export const RECORD_KEY_SET: ReadonlySet<string> = new Set(RECORD_KEYS);
export const OWNER_KEY_SET: ReadonlySet<string> = new Set(OWNER_KEYS);
export const OUTPUT_KEY_SET: ReadonlySet<string> = new Set(OUTPUT_KEYS);
const orderOf = (keys: readonly string[]): ReadonlyMap<string, number> => new Map(keys.map((key, i) => [key, i]));
const RECORD_ORDER = orderOf(RECORD_KEYS);
const OWNER_ORDER = orderOf(OWNER_KEYS);
const OUTPUT_ORDER = orderOf(OUTPUT_KEYS);

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

/**
 * Are all keys of `object` known (else -1), and are they in `order` (1) or not (0)? A for-in
 * walk: no key array per record (a 1000-record load checks 2000 objects).
 */
function keyOrder(object: Fields, order: ReadonlyMap<string, number>): -1 | 0 | 1 {
  let last = -1;
  let inOrder: 0 | 1 = 1;
  for (const key in object) {
    const at = order.get(key);
    if (at === undefined || !Object.hasOwn(object, key)) return -1;
    if (at < last) inOrder = 0;
    last = at;
  }
  return inOrder;
}

const isText = (value: unknown, max: number): boolean => typeof value === 'string' && value.length <= max;
/** `.optional()` of a schema: absent or undefined, or valid. */
const optionalText = (value: unknown, max: number): boolean => value === undefined || isText(value, max);
/** `shortText.nullable().optional()`. */
const optionalShort = (value: unknown): boolean => value === undefined || value === null || isText(value, 256);
/** The number written in value[from, to) (digits only: ISO_DATE matched). */
function digits(value: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + value.charCodeAt(i) - 48;
  return n;
}

function isIsoDate(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 64 || !ISO_DATE.test(value)) return false;
  // The pattern fixes where year, month and day are: read them in place, no match array.
  return isDayOf(digits(value, 0, 4), digits(value, 5, 7), digits(value, 8, 10)) && !Number.isNaN(Date.parse(value)); // the schema asks Date.parse too
}

const has = Object.hasOwn as (object: Fields, key: string) => boolean;

function fastOwner(value: unknown, owned: boolean): OwnerRecord | undefined {
  if (!isPlainObject(value)) return undefined;
  const order = keyOrder(value, OWNER_ORDER);
  if (order < 0) return undefined;
  const { id, pid, start_time, boot_id, tag } = value;
  if (typeof id !== 'string' || id.length < 1 || id.length > 128) return undefined;
  if (!isPid(pid) || !optionalShort(start_time) || !optionalShort(boot_id) || !optionalText(tag, 256)) return undefined;
  if (owned && order === 1) return value as unknown as OwnerRecord;
  // Keys in schema order; a key present with value undefined stays, as zod keeps it.
  const owner: Fields = { id, pid };
  if (has(value, 'start_time')) owner.start_time = start_time;
  if (has(value, 'boot_id')) owner.boot_id = boot_id;
  if (has(value, 'tag')) owner.tag = tag;
  return owner as unknown as OwnerRecord;
}

function fastOutput(value: unknown, owned: boolean): RecordOutput | undefined {
  if (!isPlainObject(value)) return undefined;
  const order = keyOrder(value, OUTPUT_ORDER);
  if (order < 0) return undefined;
  const { stdout, stderr } = value;
  if (!optionalText(stdout, 4096) || !optionalText(stderr, 4096)) return undefined;
  if (owned && order === 1) return value as RecordOutput;
  const output: Fields = {};
  if (has(value, 'stdout')) output.stdout = stdout;
  if (has(value, 'stderr')) output.stderr = stderr;
  return output as RecordOutput;
}

/**
 * A valid record, or undefined when this strict check cannot vouch for `value` (ask zod then).
 * A fresh object in schema key order — unless `owned` (the caller parsed `value` itself and
 * nobody else holds it) and `value` already is that: then `value` itself, no copy (a file we
 * wrote is always in that order).
 */
export function fastRecord(value: unknown, owned = false): ProcessRecord | undefined {
  if (!isPlainObject(value)) return undefined;
  const order = keyOrder(value, RECORD_ORDER);
  if (order < 0) return undefined;
  const { pid, script_path, started_at, pgid, start_time, boot_id, command, owner, name, cgroup, output } = value;
  if (!isPid(pid) || !isText(script_path, 4096) || !isIsoDate(started_at)) return undefined;
  if (pgid !== undefined && pgid !== null && !isPid(pgid)) return undefined;
  if (!optionalShort(start_time) || !optionalShort(boot_id)) return undefined;
  if (!optionalText(command, 16_384) || !optionalText(name, 256)) return undefined;
  if (cgroup !== undefined && cgroup !== null && !isText(cgroup, 4096)) return undefined;
  const checkedOwner = owner === undefined ? undefined : fastOwner(owner, owned);
  if (owner !== undefined && checkedOwner === undefined) return undefined;
  const checkedOutput = output === undefined ? undefined : fastOutput(output, owned);
  if (output !== undefined && checkedOutput === undefined) return undefined;
  if (owned && order === 1 && checkedOwner === owner && checkedOutput === output)
    return value as unknown as ProcessRecord;
  // Written out rather than looped over RECORD_KEYS: named stores keep one object shape (3× faster).
  const record: Fields = { pid, script_path, started_at };
  if (has(value, 'pgid')) record.pgid = pgid;
  if (has(value, 'start_time')) record.start_time = start_time;
  if (has(value, 'boot_id')) record.boot_id = boot_id;
  if (has(value, 'command')) record.command = command;
  if (has(value, 'owner')) record.owner = checkedOwner;
  if (has(value, 'name')) record.name = name;
  if (has(value, 'cgroup')) record.cgroup = cgroup;
  if (has(value, 'output')) record.output = checkedOutput;
  return record as unknown as ProcessRecord;
}

// --- lock holders ---
/** Who holds a lock: enough to tell later whether that process is still the one running. */
export interface HolderIdentity {
  pid: number;
  /** OS start time as platform-kill reports it (ProcessIdentity.startTime); null when it could not be read. */
  start_time: string | null;
  /** The boot id (Linux); null where the platform gives none. */
  boot_id: string | null;
  /** Liveness is only judged for holders on this host (a state dir on a network share is possible). */
  hostname: string;
}

/** What `<file>.lock` holds: who, and a token unique to this hold. */
export interface LockHolder extends HolderIdentity {
  token: string;
  acquired_at: string;
}

const HOLDER_KEYS = ['pid', 'start_time', 'boot_id', 'hostname', 'token', 'acquired_at'] as const;
const TOKEN = /^[0-9a-f-]{8,64}$/i;

const nullableText = (value: unknown, max: number) =>
  value === null || (typeof value === 'string' && value.length <= max);

/**
 * A lock holder exactly as createLock writes it, checked without zod (every commit re-reads its
 * own lock before the rename, so this is on the hot path). Returns a fresh object in
 * lockHolderSchema's key order, or undefined: then the schema decides.
 */
export function fastHolder(value: unknown): LockHolder | undefined {
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype)
    return undefined;
  const fields = value as Record<string, unknown>;
  const keys = Object.keys(fields);
  if (keys.length !== HOLDER_KEYS.length || !HOLDER_KEYS.every((key) => Object.hasOwn(fields, key))) return undefined;
  const { pid, start_time, boot_id, hostname, token, acquired_at } = fields;
  if (!isPid(pid) || !nullableText(start_time, 64) || !nullableText(boot_id, 64)) return undefined;
  if (typeof hostname !== 'string' || hostname.length > 256) return undefined;
  if (typeof token !== 'string' || !TOKEN.test(token)) return undefined;
  if (typeof acquired_at !== 'string' || acquired_at.length > 64) return undefined;
  return { pid, start_time, boot_id, hostname, token, acquired_at } as LockHolder;
}
