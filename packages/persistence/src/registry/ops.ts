import type { CorruptionReport, LoadResult, ProcessRecord } from '../types';

/** The deltas a registry commit applies to the file's current content, in queue order. */
export type RegistryOp =
  | { kind: 'upsert'; record: ProcessRecord }
  | { kind: 'remove'; pid: number; match?: { start_time?: string | null; owner_id?: string } }
  | { kind: 'removeMany'; pids: number[] }
  /** Re-read under the lock and quarantine/repair if still corrupt; result: a LoadResult. */
  | { kind: 'repair' };

export type OpResult = undefined | boolean | number | LoadResult;

/**
 * Applies `ops` to `records` (not mutated) and returns the new list, each op's result, and
 * whether anything changed. Working on deltas, not on a snapshot the caller read earlier, is
 * what keeps two processes from losing each other's records.
 */
export function applyOps(
  records: readonly ProcessRecord[],
  ops: readonly RegistryOp[],
  corruption: CorruptionReport | undefined,
): { records: ProcessRecord[]; results: OpResult[]; changed: boolean } {
  const byPid = new Map(records.map((r) => [r.pid, r]));
  let changed = false;
  const removeOne = (pid: number, match?: { start_time?: string | null; owner_id?: string }) => {
    const existing = byPid.get(pid);
    if (!existing || !matchesRecord(existing, match)) return false;
    byPid.delete(pid);
    changed = true;
    return true;
  };
  const results: OpResult[] = [];
  const repairs: number[] = [];
  for (const op of ops) {
    switch (op.kind) {
      case 'upsert':
        // Map.set keeps an existing key's position: an update stays in place, a new pid goes last.
        byPid.set(op.record.pid, op.record);
        changed = true;
        results.push(undefined);
        break;
      case 'remove':
        results.push(removeOne(op.pid, op.match));
        break;
      case 'removeMany':
        results.push(op.pids.filter((pid) => removeOne(pid)).length);
        break;
      case 'repair':
        repairs.push(results.length);
        results.push(undefined);
        break;
    }
  }
  const next = [...byPid.values()];
  // A repair's answer is the state after the whole batch, like any load at that moment.
  for (const i of repairs) results[i] = corruption ? { records: next, corruption } : { records: next };
  return { records: next, results, changed };
}

/** Does this record match a remove() condition? An undefined condition field is not checked. */
function matchesRecord(
  record: ProcessRecord,
  match: { start_time?: string | null; owner_id?: string } | undefined,
): boolean {
  if (!match) return true;
  if (match.start_time !== undefined && (record.start_time ?? null) !== match.start_time) return false;
  if (match.owner_id !== undefined && record.owner?.id !== match.owner_id) return false;
  return true;
}
