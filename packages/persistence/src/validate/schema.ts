/**
 * zod schemas for everything this package reads from disk: the authority on what is valid.
 * Reading is where bad data gets in, so every record is validated before anyone sees it: a pid
 * that could reach kill(2) as something other than one positive process id never leaves this
 * package. Loaded lazily by check.ts (the one validation path); fast.ts accepts a proven
 * subset of processRecordSchema and lockHolderSchema without loading zod.
 */
// Named imports, not the `z` namespace: bundled (tsup.config.ts), only what is used is kept.
import { iso, looseObject, number, object, string, type ZodError } from 'zod';
import { isRealDate, MAX_PID } from './fast';

export { MAX_PID };

/** An integer with 2 ≤ pid ≤ 2^31-1 (see MAX_PID in fast.ts for why). */
export const pidSchema = number({ error: (issue) => `must be an integer > 1, got ${describeInput(issue.input)}` })
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
export const isoDateSchema = string()
  .max(64)
  .pipe(iso.datetime({ offset: true }))
  .refine(isRealDate, { error: 'must be a real date' });

const shortText = string().max(256);
const nullableShort = shortText.nullable().optional();

export const ownerRecordSchema = looseObject({
  id: string().min(1).max(128),
  pid: pidSchema,
  start_time: nullableShort,
  boot_id: nullableShort,
  tag: shortText.optional(),
});

/** Where a child's stdout / stderr are captured (paths; each optional). */
export const recordOutputSchema = looseObject({
  stdout: string().max(4096).optional(),
  stderr: string().max(4096).optional(),
});

/** One entry of the registry (Script Kit's `active-bun-pids.json` format plus optional identity). */
export const processRecordSchema = looseObject({
  pid: pidSchema,
  script_path: string().max(4096),
  started_at: isoDateSchema,
  pgid: pidSchema.nullable().optional(),
  start_time: nullableShort,
  boot_id: nullableShort,
  command: string().max(16_384).optional(),
  owner: ownerRecordSchema.optional(),
  name: shortText.optional(),
  cgroup: string().max(4096).nullable().optional(),
  output: recordOutputSchema.optional(),
});

export const pidFileContentSchema = looseObject({
  pid: pidSchema,
  start_time: nullableShort,
  boot_id: nullableShort,
  owner_id: string().min(1).max(128).optional(),
  started_at: isoDateSchema.optional(),
  guardian_pid: pidSchema.nullable().optional(),
});

export const ownerInfoSchema = looseObject({
  id: string().min(1).max(128),
  pid: pidSchema,
  start_time: nullableShort,
  boot_id: nullableShort,
  started_at: isoDateSchema,
  name: shortText.optional(),
  guardian_pid: pidSchema.nullable().optional(),
  guardian_start_time: nullableShort,
  cgroup: string().max(4096).nullable().optional(),
  tag: shortText.optional(),
});

/** The holder written into `<file>.lock` (lock/lock-file.ts). */
export const lockHolderSchema = object({
  pid: pidSchema,
  start_time: string().max(64).nullable(),
  boot_id: string().max(64).nullable(),
  hostname: string().max(256),
  // The token is part of marker file names: keep it to a plain UUID-like word.
  token: string().regex(/^[0-9a-f-]{8,64}$/i),
  acquired_at: string().max(64),
});

/** "pid: must be an integer > 1, got 0; started_at: must be a real date" */
export function formatIssues(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
