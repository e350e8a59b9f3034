import { dirname, isAbsolute } from 'node:path';
import { describe, PersistenceError } from '../errors';
import { writeFileDurable } from '../files/durable-write';
import { defaultFs, type FsLayer } from '../fs-layer';
import { acquireLock, type HeldLock } from '../lock/lock';
import { ensureStateDir } from '../paths/state-dir';
import { DEFAULT_REPAIR, refuseInReadOnly } from '../read-only';
import type { CorruptionReport, LoadResult, ProcessRecord, RegistryStats, RegistryStore, VerifyHolder } from '../types';
import { type Check, check } from '../validate/check';
import { fastRecord, isPid } from '../validate/fast';
import { readState } from './current-state';
import { GroupCommitter } from './group-commit';
import { applyOps, type OpResult, type RegistryOp } from './ops';
import { serializeRecords } from './serialize';
import { sweepTempFiles } from './sweep';

export interface OpenRegistryOptions {
  /** Absolute path of the registry file (StateLayout.registryFile). */
  path: string;
  /** Take the cross-process lock around each commit. Default true. */
  lock?: boolean;
  /**
   * A lock not refreshed for this long is taken over even when its holder cannot be judged
   * (or has hung). A holder found dead is taken over at once. Default 10 000, min 2000.
   */
  staleMs?: number;
  /**
   * Judges the lock's holder when the lock is taken: a dead holder's lock is broken at once
   * instead of after staleMs. Default: platform-kill's `liveness` (the one identity rule).
   */
  verifyHolder?: VerifyHolder;
  /** Called when a commit (not load()) found the file corrupt and moved it aside. */
  onCorruption?: (report: CorruptionReport) => void;
  /** Injectable file system (tests: EACCES, EROFS, ENOSPC). */
  fs?: FsLayer;
  /**
   * Read-only (`ps`, `status`, `doctor`, `cleanup --dry-run`): load() reports a corrupt file
   * (`quarantinedTo: ''`, `repair` names the command that fixes it) with the records it could
   * salvage, and changes nothing: no quarantine, no rewrite, no lock, no directory. add(),
   * remove() and removeMany() refuse.
   */
  readOnly?: boolean;
}

export function openRegistry(options: OpenRegistryOptions): RegistryStore {
  const {
    path,
    lock = true,
    staleMs = 10_000,
    verifyHolder,
    onCorruption,
    fs = defaultFs,
    readOnly = false,
  } = options ?? ({} as OpenRegistryOptions);
  if (typeof path !== 'string' || !isAbsolute(path)) {
    throw new PersistenceError('ERR_INVALID_OPTION', `path must be an absolute file path, got ${describe(path)}`);
  }
  if (!Number.isInteger(staleMs) || staleMs < 2000) {
    throw new PersistenceError('ERR_INVALID_OPTION', `staleMs must be an integer >= 2000, got ${describe(staleMs)}`);
  }
  if (verifyHolder !== undefined && typeof verifyHolder !== 'function') {
    throw new PersistenceError('ERR_INVALID_OPTION', `verifyHolder must be a function, got ${describe(verifyHolder)}`);
  }
  const stats: RegistryStats = { ops: 0, commits: 0, fsyncs: 0, dirFsyncs: 0 };
  /** Our last write: if the file still holds exactly these bytes, skip parsing it again. */
  let cache: { bytes: Buffer; records: ProcessRecord[] } | undefined;
  let dirReady: Promise<void> | undefined;
  let swept = false;
  /** Corruption found by commits, handed to the next load(). */
  const unreported: CorruptionReport[] = [];
  /** add()s waiting for zod (records the fast check did not vouch for): flush() waits for them too. */
  const validating = new Set<Promise<Check<ProcessRecord>>>();

  async function commitOnce(ops: RegistryOp[]): Promise<OpResult[]> {
    dirReady ??= ensureStateDir(dirname(path), { fs }).catch((error) => {
      dirReady = undefined;
      throw error;
    });
    await dirReady;
    let held: HeldLock | undefined;
    if (lock) held = await acquireLock(path, { staleMs, verifyHolder, fs });
    try {
      if (held && !swept) {
        // Under the lock no writer of this file is mid-write: any temp file is a crashed writer's.
        await sweepTempFiles(fs, path);
        swept = true;
      }
      const current = await readState(fs, path, { repair: true, cache });
      const next = applyOps(current.records, ops, current.corruption);
      if (next.changed || current.corruption) {
        const bytes = serializeRecords(next.records);
        // Someone broke our lock (we stalled past staleMs)? Then another writer may be mid-commit.
        await held?.assertHeld();
        await writeFileDurable(path, bytes, { mode: 0o600, fs });
        cache = { bytes, records: next.records };
        stats.commits++;
        stats.fsyncs++;
        if (process.platform !== 'win32') stats.dirFsyncs++;
      } else if (current.bytes) {
        cache = { bytes: current.bytes, records: current.records };
      }
      if (current.corruption && !ops.some((op) => op.kind === 'repair')) {
        unreported.push(current.corruption);
        onCorruption?.(current.corruption);
      }
      stats.ops += ops.length;
      return next.results;
    } finally {
      await held?.release();
    }
  }

  const committer = new GroupCommitter<RegistryOp, OpResult>(async (ops) => {
    try {
      return await commitOnce(ops);
    } catch (error) {
      // Someone took our lock over (we stalled past staleMs): redo the batch once on fresh content.
      if (PersistenceError.isInstance(error) && error.code === 'ERR_LOCK_COMPROMISED') return commitOnce(ops);
      throw error;
    }
  });

  function checkPid(pid: unknown, what: string): number {
    if (!isPid(pid)) {
      throw new PersistenceError('ERR_INVALID_OPTION', `${what} must be an integer > 1, got ${describe(pid)}`);
    }
    return pid;
  }

  async function load(): Promise<LoadResult> {
    // Lock-free read: renames are atomic, so we see a whole old or whole new file.
    const current = await readState(fs, path, { repair: false, cache });
    const pending = unreported.splice(0);
    if (!current.corruption) {
      return pending[0] ? { records: current.records, corruption: pending[0] } : { records: current.records };
    }
    if (readOnly) return { records: current.records, corruption: { ...current.corruption, repair: DEFAULT_REPAIR } };
    // Bad file: re-check under the lock (another process may have repaired it), quarantine, keep what is valid.
    return (await committer.enqueue({ kind: 'repair' })) as LoadResult;
  }

  return {
    path,
    load,
    list: async () => (await load()).records,
    async add(record) {
      refuseInReadOnly(readOnly, 'add()', path);
      // Enqueued synchronously when the fast check vouches for it, so it joins this moment's batch.
      const fast = fastRecord(record);
      if (fast) return void (await committer.enqueue({ kind: 'upsert', record: fast }));
      const checking = check('record', record);
      validating.add(checking);
      let verdict: Check<ProcessRecord>;
      try {
        verdict = await checking;
      } finally {
        validating.delete(checking);
      }
      if (!verdict.ok) throw new PersistenceError('ERR_INVALID_RECORD', `invalid record: ${verdict.reason}`);
      await committer.enqueue({ kind: 'upsert', record: verdict.value });
    },
    async remove(pid, match) {
      refuseInReadOnly(readOnly, 'remove()', path);
      const result = await committer.enqueue({ kind: 'remove', pid: checkPid(pid, 'pid'), match });
      return result as boolean;
    },
    async removeMany(pids) {
      refuseInReadOnly(readOnly, 'removeMany()', path);
      if (!Array.isArray(pids))
        throw new PersistenceError('ERR_INVALID_OPTION', `pids must be an array, got ${describe(pids)}`);
      const valid = pids.map((pid, i) => checkPid(pid, `pids[${i}]`));
      return (await committer.enqueue({ kind: 'removeMany', pids: valid })) as number;
    },
    async flush() {
      await Promise.allSettled(validating);
      await committer.flush();
    },
    async close() {
      await Promise.allSettled(validating);
      await committer.close();
    },
    stats,
  };
}
