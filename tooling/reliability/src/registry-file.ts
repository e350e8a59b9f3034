import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { ProcessRecord } from '@lifeline/persistence';

type Schema = { safeParse(value: unknown): { success: boolean; data?: unknown } };
let schema: Promise<Schema> | null = null;

/**
 * persistence's zod record schema. ARCHITECTURE.md lists it on the main entry; the package now
 * ships it on the './schema' subpath (so the main entry loads no zod). Accept either.
 */
function recordSchema(): Promise<Schema> {
  schema ??= (async () => {
    const main = (await import('@lifeline/persistence')) as Record<string, unknown>;
    if (main.processRecordSchema) return main.processRecordSchema as Schema;
    const sub = (await import('@lifeline/persistence/schema' as string)) as Record<string, unknown>;
    return sub.processRecordSchema as Schema;
  })();
  return schema;
}

export interface RegistrySnapshot {
  state: 'absent' | 'ok' | 'unparsable';
  records: ProcessRecord[];
  /** Records that parse as JSON but fail the schema. */
  invalid: number;
  error?: string;
  /** Leftover temp files next to the registry (a crash between write and rename). */
  tempFiles: number;
}

/** Reads the registry file exactly as it is on disk, without repairing or quarantining anything. */
export async function readRegistryRaw(path: string): Promise<RegistrySnapshot> {
  const tempFiles = await countTemps(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return { state: 'absent', records: [], invalid: 0, tempFiles };
    return { state: 'unparsable', records: [], invalid: 0, error: String(error), tempFiles };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { state: 'unparsable', records: [], invalid: 0, error: (error as Error).message, tempFiles };
  }
  if (!Array.isArray(value)) return { state: 'unparsable', records: [], invalid: 0, error: 'not an array', tempFiles };
  const records: ProcessRecord[] = [];
  let invalid = 0;
  const processRecordSchema = await recordSchema();
  for (const item of value) {
    const parsed = processRecordSchema.safeParse(item);
    if (parsed.success) records.push(parsed.data as ProcessRecord);
    else invalid++;
  }
  return { state: 'ok', records, invalid, tempFiles };
}

async function countTemps(path: string): Promise<number> {
  const prefix = `.${basename(path)}.tmp-`;
  const entries = await readdir(dirname(path)).catch(() => [] as string[]);
  return entries.filter((e) => e.startsWith(prefix)).length;
}
