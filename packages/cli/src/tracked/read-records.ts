import { readFile } from 'node:fs/promises';
import type { CorruptionReport, ProcessRecord, StateLayout } from '@lifeline/persistence';

export interface ReadRecordsResult {
  records: ProcessRecord[];
  corruption?: CorruptionReport;
}

const MAX_PID = 2 ** 31 - 1;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const KEYS = new Set(['pid', 'script_path', 'started_at', 'pgid', 'start_time', 'boot_id', 'command', 'owner', 'name']);

/**
 * The registry for read-only commands (ps). Why not always persistence's load(): it validates
 * with zod, whose import alone costs more than the whole `lifeline ps` start-up budget. A file
 * that passes this strict check (exactly what persistence writes) is used as is; anything else —
 * bad JSON, an unknown field, an out-of-range pid — goes through persistence, which validates,
 * quarantines the file and salvages the valid records. Nothing read here is ever signalled.
 */
export async function readRecords(layout: StateLayout): Promise<ReadRecordsResult> {
  let text: string;
  try {
    text = await readFile(layout.registryFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [] };
    return loadThroughPersistence(layout);
  }
  const quick = quickParse(text);
  return quick ? { records: quick } : loadThroughPersistence(layout);
}

async function loadThroughPersistence(layout: StateLayout): Promise<ReadRecordsResult> {
  const { openRegistry } = await import('@lifeline/persistence');
  const store = openRegistry({ path: layout.registryFile });
  try {
    return await store.load();
  } finally {
    await store.close();
  }
}

function quickParse(text: string): ProcessRecord[] | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(value)) return null;
  return value.every(isPlainRecord) ? (value as ProcessRecord[]) : null;
}

const isPid = (v: unknown) => Number.isInteger(v) && (v as number) >= 2 && (v as number) <= MAX_PID;
const isShort = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.length <= 256);
const isIso = (v: unknown) => typeof v === 'string' && ISO.test(v) && !Number.isNaN(Date.parse(v));

function isPlainRecord(r: unknown): boolean {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return false;
  const o = r as Record<string, unknown>;
  if (!Object.keys(o).every((k) => KEYS.has(k))) return false;
  if (!isPid(o.pid) || typeof o.script_path !== 'string' || o.script_path.length > 4096 || !isIso(o.started_at)) {
    return false;
  }
  if (o.pgid !== undefined && o.pgid !== null && !isPid(o.pgid)) return false;
  if (!isShort(o.start_time) || !isShort(o.boot_id)) return false;
  if (o.command !== undefined && (typeof o.command !== 'string' || o.command.length > 16_384)) return false;
  if (o.name !== undefined && (typeof o.name !== 'string' || o.name.length > 256)) return false;
  if (o.owner === undefined) return true;
  const w = o.owner as Record<string, unknown>;
  if (typeof w !== 'object' || w === null || Array.isArray(w)) return false;
  if (!Object.keys(w).every((k) => k === 'id' || k === 'pid' || k === 'start_time' || k === 'boot_id')) return false;
  return (
    typeof w.id === 'string' &&
    w.id.length >= 1 &&
    w.id.length <= 128 &&
    isPid(w.pid) &&
    isShort(w.start_time) &&
    isShort(w.boot_id)
  );
}
