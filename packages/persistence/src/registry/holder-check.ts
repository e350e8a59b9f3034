import { loadSchema } from '../lazy-schema';
import { isPid } from '../pid';
import type { LockHolder } from './lock-file';

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

/** The holder named in a lock file's JSON, or null when it names none we can trust. */
export async function parseHolder(value: unknown): Promise<LockHolder | null> {
  const fast = fastHolder(value);
  if (fast) return fast;
  const { lockHolderSchema } = await loadSchema();
  const parsed = lockHolderSchema.safeParse(value);
  return parsed.success ? (parsed.data as LockHolder) : null;
}
