/**
 * zod schemas for everything this package reads from disk: the authority on what is valid.
 * Reading is where bad data gets in, so every record is validated before anyone sees it: a pid
 * that could reach kill(2) as something other than one positive process id never leaves this
 * package. Loaded lazily by check.ts (the one validation path); fast.ts accepts a proven
 * subset of processRecordSchema and lockHolderSchema without loading zod.
 */
import { z } from 'zod';
import { isRealDate, MAX_PID } from './fast';

export { MAX_PID };

/** An integer with 2 ≤ pid ≤ 2^31-1 (see MAX_PID in fast.ts for why). */
export const pidSchema = z
  .number({ error: (issue) => `must be an integer > 1, got ${describeInput(issue.input)}` })
  .int({ error: (issue) => `must be an integer > 1, got ${describeInput(issue.input)}` })
  .min(2, { error: (issue) => `must be an integer > 1, got ${describeInput(issue.input)}` })
  .max(MAX_PID, { error: (issue) => `must be at most ${MAX_PID}, got ${describeInput(issue.input)}` });

function describeInput(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  try {
    return String(JSON.stringify(value)).slice(0, 40);
  } catch {
    return typeof value;
  }
}

/** ISO 8601 with a zone (chrono's `DateTime<Utc>` writes `…Z`, Node's toISOString too). */
export const isoDateSchema = z
  .string()
  .max(64)
  .pipe(z.iso.datetime({ offset: true }))
  .refine(isRealDate, { error: 'must be a real date' });

const shortText = z.string().max(256);
const nullableShort = shortText.nullable().optional();

export const ownerRecordSchema = z.looseObject({
  id: z.string().min(1).max(128),
  pid: pidSchema,
  start_time: nullableShort,
  boot_id: nullableShort,
});

/** One entry of the registry (Script Kit's `active-bun-pids.json` format plus optional identity). */
export const processRecordSchema = z.looseObject({
  pid: pidSchema,
  script_path: z.string().max(4096),
  started_at: isoDateSchema,
  pgid: pidSchema.nullable().optional(),
  start_time: nullableShort,
  boot_id: nullableShort,
  command: z.string().max(16_384).optional(),
  owner: ownerRecordSchema.optional(),
  name: shortText.optional(),
});

export const pidFileContentSchema = z.looseObject({
  pid: pidSchema,
  start_time: nullableShort,
  boot_id: nullableShort,
  owner_id: z.string().min(1).max(128).optional(),
  started_at: isoDateSchema.optional(),
  guardian_pid: pidSchema.nullable().optional(),
});

export const ownerInfoSchema = z.looseObject({
  id: z.string().min(1).max(128),
  pid: pidSchema,
  start_time: nullableShort,
  boot_id: nullableShort,
  started_at: isoDateSchema,
  name: shortText.optional(),
  guardian_pid: pidSchema.nullable().optional(),
  guardian_start_time: nullableShort,
});

/** The holder written into `<file>.lock` (lock/lock-file.ts). */
export const lockHolderSchema = z.object({
  pid: pidSchema,
  start_time: z.string().max(64).nullable(),
  boot_id: z.string().max(64).nullable(),
  hostname: z.string().max(256),
  // The token is part of marker file names: keep it to a plain UUID-like word.
  token: z.string().regex(/^[0-9a-f-]{8,64}$/i),
  acquired_at: z.string().max(64),
});

/** "pid: must be an integer > 1, got 0; started_at: must be a real date" */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
