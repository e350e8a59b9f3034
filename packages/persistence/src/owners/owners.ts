import { isAbsolute, join } from 'node:path';
import { describe, errnoCode, fromFsError, PersistenceError } from '../errors';
import { writeFileDurable } from '../files/durable-write';
import { quarantine } from '../files/quarantine';
import { readCapped } from '../files/read-capped';
import { removeFile } from '../files/remove';
import { decodeUtf8 } from '../files/utf8';
import { defaultFs, type FsLayer } from '../fs-layer';
import { ensureStateDir } from '../paths/state-dir';
import type { CorruptionReport, OwnerInfo, OwnersStore } from '../types';
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
  /** Called for each owner file that failed validation and was moved aside. */
  onCorruption?: (report: CorruptionReport) => void;
}

/** One small JSON file per live instance in `dir` (`<id>.json`): who is running, and its guardian. */
export function openOwners(dir: string, options: OpenOwnersOptions = {}): OwnersStore {
  const { fs = defaultFs, onCorruption } = options;
  if (typeof dir !== 'string' || !isAbsolute(dir)) {
    throw new PersistenceError('ERR_INVALID_OPTION', `dir must be an absolute path, got ${describe(dir)}`);
  }

  async function readFile(path: string): Promise<OwnerInfo | null> {
    const result = await readCapped(fs, path, 64 * 1024);
    if (result.kind === 'missing') return null;
    let reason: string;
    if (result.kind === 'too-large') {
      reason = `file is ${result.size} bytes, over the 65536-byte limit`;
    } else {
      try {
        const checked = await check('ownerInfo', JSON.parse(decodeUtf8(result.bytes)));
        if (checked.ok) return checked.value;
        reason = checked.reason;
      } catch (error) {
        reason = PersistenceError.isInstance(error) ? error.message : `not valid JSON: ${(error as Error).message}`;
      }
    }
    const quarantinedTo = await quarantine(fs, path);
    onCorruption?.({ path, quarantinedTo, reason, salvaged: 0, dropped: 1, code: 'ERR_CORRUPT_STATE' });
    return null;
  }

  return {
    dir,
    async write(info) {
      const checked = await check('ownerInfo', info);
      if (!checked.ok) throw new PersistenceError('ERR_INVALID_RECORD', `invalid owner info: ${checked.reason}`);
      const path = fileOf(dir, info.id);
      await ensureStateDir(dir, { fs });
      await writeFileDurable(path, `${JSON.stringify(checked.value, null, 2)}\n`, { mode: 0o600, fs });
    },
    read: (id) => readFile(fileOf(dir, id)),
    async remove(id) {
      const path = fileOf(dir, id);
      return removeFile(fs, path);
    },
    async list() {
      let names: string[];
      try {
        names = await fs.readdir(dir);
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') return [];
        throw fromFsError(error, 'listing', dir);
      }
      const found: OwnerInfo[] = [];
      for (const name of names.filter((n) => n.endsWith('.json') && OWNER_ID.test(n.slice(0, -5))).sort()) {
        const info = await readFile(join(dir, name));
        if (info) found.push(info);
      }
      return found;
    },
  };
}
