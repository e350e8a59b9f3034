import { isAbsolute, join } from 'node:path';
import { writeFileDurable } from './durable-write';
import { describe, errnoCode, fromFsError, PersistenceError } from './errors';
import { defaultFs, type FsLayer } from './fs-layer';
import { loadSchema } from './lazy-schema';
import { quarantine } from './quarantine';
import { readCapped } from './read-capped';
import { ensureStateDir } from './state-dir';
import type { CorruptionReport, OwnerInfo, OwnersStore } from './types';

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
      const { formatIssues, ownerInfoSchema } = await loadSchema();
      try {
        const checked = ownerInfoSchema.safeParse(JSON.parse(result.bytes.toString('utf8')));
        if (checked.success) return checked.data as OwnerInfo;
        reason = formatIssues(checked.error);
      } catch (error) {
        reason = `not valid JSON: ${(error as Error).message}`;
      }
    }
    const quarantinedTo = await quarantine(fs, path);
    onCorruption?.({ path, quarantinedTo, reason, salvaged: 0, dropped: 1, code: 'ERR_CORRUPT_STATE' });
    return null;
  }

  return {
    dir,
    async write(info) {
      const { formatIssues, ownerInfoSchema } = await loadSchema();
      const checked = ownerInfoSchema.safeParse(info);
      if (!checked.success) {
        throw new PersistenceError('ERR_INVALID_RECORD', `invalid owner info: ${formatIssues(checked.error)}`);
      }
      const path = fileOf(dir, info.id);
      await ensureStateDir(dir, { fs });
      await writeFileDurable(path, `${JSON.stringify(checked.data, null, 2)}\n`, { mode: 0o600, fs });
    },
    read: (id) => readFile(fileOf(dir, id)),
    async remove(id) {
      const path = fileOf(dir, id);
      try {
        await fs.unlink(path);
        return true;
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') return false;
        throw fromFsError(error, 'removing', path);
      }
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
