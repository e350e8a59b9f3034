import { basename, dirname, join } from 'node:path';
import { errnoCode, fromFsError, PersistenceError } from '../errors';
import { defaultFs, type FsLayer } from '../fs-layer';
import { randomHex } from './random';

export interface WriteDurableOptions {
  /** File mode of the new file. Default 0o600. */
  mode?: number;
  fs?: FsLayer;
}

/** Prefix of our temp files for `path`; a crashed writer's leftovers can be recognised by it. */
export function tempPrefix(path: string): string {
  return `.${basename(path)}.tmp-`;
}

/** fsync a directory so a rename in it survives a power cut. Not possible on Windows: skipped there. */
export async function syncDir(dir: string, fs: FsLayer = defaultFs): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` atomically and durably: write a temp file in the same directory, fsync it,
 * rename it over `path`, fsync the directory. A reader sees the old or the new file, never a
 * torn one, and after a crash at any instant the file is one of the two. The previous file is
 * untouched if anything fails (the temp file is removed). Refuses to replace a symlink.
 */
export async function writeFileDurable(
  path: string,
  data: string | Uint8Array,
  options: WriteDurableOptions = {},
): Promise<void> {
  const { mode = 0o600, fs = defaultFs } = options;
  const dir = dirname(path);
  const temp = join(dir, `${tempPrefix(path)}${process.pid}-${randomHex(4)}`);
  let stage = 'creating temp file for';
  try {
    // 'wx' = O_CREAT|O_EXCL: never follows or reuses an existing name.
    const handle = await fs.open(temp, 'wx', mode);
    try {
      stage = 'writing';
      await handle.writeFile(data);
      stage = 'fsyncing';
      await handle.sync();
    } finally {
      await handle.close();
    }
    stage = 'checking';
    await refuseSymlink(path, fs);
    stage = 'renaming temp file over';
    await fs.rename(temp, path);
  } catch (error) {
    await fs.unlink(temp).catch(() => {});
    throw fromFsError(error, stage, path);
  }
  try {
    await syncDir(dir, fs);
  } catch (error) {
    throw fromFsError(error, 'fsyncing the directory of', path);
  }
}

async function refuseSymlink(path: string, fs: FsLayer): Promise<void> {
  try {
    const stat = await fs.lstat(path);
    if (stat.isSymbolicLink()) {
      throw new PersistenceError('ERR_STATE_SYMLINK', `${path} is a symlink; refusing to replace it`, { path });
    }
    if (stat.isDirectory()) {
      throw new PersistenceError('ERR_CORRUPT_STATE', `${path} is a directory, expected a regular file`, { path });
    }
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
  }
}
