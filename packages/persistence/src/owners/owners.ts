import type { Stats } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { describe, errnoCode, fromFsError, PersistenceError } from '../errors';
import { writeFileDurable } from '../files/durable-write';
import { quarantine } from '../files/quarantine';
import { readCapped } from '../files/read-capped';
import { removeFile } from '../files/remove';
import { decodeUtf8 } from '../files/utf8';
import { defaultFs, type FsLayer } from '../fs-layer';
import { ensureStateDir } from '../paths/state-dir';
import { DEFAULT_REPAIR, refuseInReadOnly } from '../read-only';
import type { CorruptionReport, OwnerInfo, OwnersScan, OwnersStore } from '../types';
import { check } from '../validate/check';

/** Owner ids become file names: no separators, no dot-dot, bounded. */
const OWNER_ID = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;

function fileOf(dir: string, id: unknown): string {
  if (typeof id !== 'string' || !OWNER_ID.test(id)) {
    throw new PersistenceError(
      'ERR_INVALID_OPTION',
      `owner id must be 1-128 characters of A-Z a-z 0-9 . _ - (not starting with . or -), got ${describe(id)}`,
    );
  }
  return join(dir, `${id}.json`);
}

export interface OpenOwnersOptions {
  fs?: FsLayer;
  /** Called for each bad owner file (moved aside, or left in place when read-only or not ours). */
  onCorruption?: (report: CorruptionReport) => void;
  /** Read-only: report bad entries without moving anything; write() and remove() refuse. */
  readOnly?: boolean;
}

const OWNER_FILE_CAP = 64 * 1024;

/** One small JSON file per live instance in `dir` (`<id>.json`): who is running, and its guardian. */
export function openOwners(dir: string, options: OpenOwnersOptions = {}): OwnersStore {
  const { fs = defaultFs, onCorruption, readOnly = false } = options;
  if (typeof dir !== 'string' || !isAbsolute(dir)) {
    throw new PersistenceError('ERR_INVALID_OPTION', `dir must be an absolute path, got ${describe(dir)}`);
  }

  /** What is wrong with the file's content, or its valid OwnerInfo. */
  async function judge(
    path: string,
  ): Promise<OwnerInfo | { reason: string; code: 'ERR_CORRUPT_STATE' | 'ERR_STATE_SYMLINK' } | null> {
    let result: ReturnType<typeof readCapped>;
    try {
      result = readCapped(path, OWNER_FILE_CAP);
    } catch (error) {
      // Swapped for a symlink, FIFO or directory since we looked: judged like one.
      if (
        PersistenceError.isInstance(error) &&
        (error.code === 'ERR_STATE_SYMLINK' || error.code === 'ERR_CORRUPT_STATE')
      ) {
        return { reason: error.message, code: error.code };
      }
      throw error;
    }
    if (result.kind === 'missing') return null;
    if (result.kind === 'too-large') {
      return {
        reason: `file is ${result.size} bytes, over the ${OWNER_FILE_CAP}-byte limit`,
        code: 'ERR_CORRUPT_STATE',
      };
    }
    try {
      const checked = await check('ownerInfo', JSON.parse(decodeUtf8(result.bytes)));
      return checked.ok ? checked.value : { reason: checked.reason, code: 'ERR_CORRUPT_STATE' };
    } catch (error) {
      const reason = PersistenceError.isInstance(error) ? error.message : `not valid JSON: ${(error as Error).message}`;
      return { reason, code: 'ERR_CORRUPT_STATE' };
    }
  }

  /** Reports a bad entry; moves it aside when allowed and ours (rename never follows a symlink). */
  async function report(
    path: string,
    problem: { reason: string; code: 'ERR_CORRUPT_STATE' | 'ERR_STATE_SYMLINK' },
    ours: boolean,
  ): Promise<CorruptionReport> {
    // A move that fails (EACCES…) leaves the entry where it is: still reported, never hidden.
    const moved = !readOnly && ours ? await quarantine(fs, path).catch(() => '') : '';
    const corruption: CorruptionReport = {
      path,
      quarantinedTo: moved,
      reason: problem.reason,
      salvaged: 0,
      dropped: 1,
      code: problem.code,
    };
    if (moved === '') corruption.repair = ours ? DEFAULT_REPAIR : `remove ${path} (owned by another user)`;
    onCorruption?.(corruption);
    return corruption;
  }

  /** One entry: its OwnerInfo, a report of what is wrong with it, or null (gone meanwhile). */
  async function readEntry(path: string): Promise<OwnerInfo | CorruptionReport | null> {
    let stat: Stats;
    try {
      stat = await fs.lstat(path);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return null;
      throw fromFsError(error, 'checking', path);
    }
    const ours = stat.uid === (process.getuid?.() ?? stat.uid);
    if (stat.isSymbolicLink())
      return report(path, { reason: `${path} is a symlink, not an owner file`, code: 'ERR_STATE_SYMLINK' }, ours);
    if (!stat.isFile()) {
      const kind = stat.isDirectory() ? 'a directory' : stat.isFIFO() ? 'a FIFO' : 'not a regular file';
      return report(path, { reason: `${path} is ${kind}, not an owner file`, code: 'ERR_CORRUPT_STATE' }, ours);
    }
    const judged = await judge(path);
    if (judged === null) return null;
    return 'reason' in judged ? report(path, judged, ours) : judged;
  }

  async function scan(): Promise<OwnersScan> {
    let names: string[];
    try {
      if ((await fs.lstat(dir)).isSymbolicLink()) {
        throw new PersistenceError('ERR_STATE_SYMLINK', `${dir} is a symlink; the owners are not read through it`, {
          path: dir,
        });
      }
      names = await fs.readdir(dir);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return { owners: [], problems: [] };
      // EACCES, ENOTDIR, ELOOP…: we cannot tell who is alive, which is never "nobody".
      throw fromFsError(error, 'listing the owners in', dir);
    }
    const scanned: OwnersScan = { owners: [], problems: [] };
    for (const name of names.filter((n) => n.endsWith('.json') && OWNER_ID.test(n.slice(0, -5))).sort()) {
      const entry = await readEntry(join(dir, name));
      if (entry === null) continue;
      if ('quarantinedTo' in entry) scanned.problems.push(entry);
      else scanned.owners.push(entry);
    }
    return scanned;
  }

  return {
    dir,
    async write(info) {
      refuseInReadOnly(readOnly, 'write()', dir);
      const checked = await check('ownerInfo', info);
      if (!checked.ok) throw new PersistenceError('ERR_INVALID_RECORD', `invalid owner info: ${checked.reason}`);
      const path = fileOf(dir, info.id);
      await ensureStateDir(dir, { fs });
      await writeFileDurable(path, `${JSON.stringify(checked.value, null, 2)}\n`, { mode: 0o600, fs });
    },
    async read(id) {
      const entry = await readEntry(fileOf(dir, id));
      return entry === null || 'quarantinedTo' in entry ? null : entry;
    },
    async remove(id) {
      refuseInReadOnly(readOnly, 'remove()', dir);
      return removeFile(fs, fileOf(dir, id));
    },
    scan,
    list: async () => (await scan()).owners,
  };
}
