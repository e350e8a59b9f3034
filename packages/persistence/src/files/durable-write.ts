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
  let stage = 'writing a temp file for';
  try {
    await writeNewFile(fs, temp, data, { mode, sync: true });
    stage = 'checking';
    await refuseSymlink(path, fs);
    stage = 'renaming temp file over';
    await fs.rename(temp, path);
  } catch (error) {
    if (stage !== 'writing a temp file for') await fs.unlink(temp).catch(() => {});
    throw fromFsError(error, stage, path);
  }
  try {
    await syncDir(dir, fs);
  } catch (error) {
    throw fromFsError(error, 'fsyncing the directory of', path);
  }
}

/**
 * Creates the new file `temp` ('wx' = O_CREAT|O_EXCL: never follows or reuses a name) holding
 * `data`, fsynced when `sync`. If anything fails after the file was created (ENOSPC while
 * writing, EIO on fsync) the file is removed before the error is thrown: no temp file leaks.
 */
export async function writeNewFile(
  fs: FsLayer,
  temp: string,
  data: string | Uint8Array,
  options: { mode?: number; sync: boolean },
): Promise<void> {
  const handle = await fs.open(temp, 'wx', options.mode ?? 0o600); // failed: nothing was created
  try {
    await handle.writeFile(data);
    if (options.sync) await handle.sync();
  } catch (error) {
    await handle.close().catch(() => {});
    await fs.unlink(temp).catch(() => {});
    throw error;
  }
  try {
    await handle.close();
  } catch (error) {
    await fs.unlink(temp).catch(() => {});
    throw error;
  }
}

/**
 * Publishes `data` under `path` only if that name is free: it is written to `temp` first, then
 * hard-linked into place (`link` fails if the name exists), so `path` never exists half-written
 * whenever its creator dies. False when the name is taken (or `temp` was swept meanwhile: try
 * again). `temp` never outlives the call.
 */
export async function createExclusive(
  fs: FsLayer,
  path: string,
  data: string,
  temp: string,
  options: { sync: boolean },
): Promise<boolean> {
  await writeNewFile(fs, temp, data, options);
  try {
    await fs.link(temp, path);
    return true;
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST' || code === 'ENOENT') return false;
    throw error;
  } finally {
    await fs.unlink(temp).catch(() => {});
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
