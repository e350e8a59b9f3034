import type { Stats } from 'node:fs';
import { resolve } from 'node:path';
import { errnoCode, fromFsError, PersistenceError } from '../errors';
import { defaultFs, type FsLayer } from '../fs-layer';
import { refusePseudoFs } from './pseudo-fs';

/**
 * Creates the state directory 0700 (parents too), or checks an existing one (checkStateDir:
 * no symlink on its path, a directory, ours, not group/world-writable). A directory under
 * /proc or /sys is refused before mkdir, which would never settle there.
 */
export async function ensureStateDir(given: string, options: { fs?: FsLayer } = {}): Promise<void> {
  const fs = options.fs ?? defaultFs;
  if (typeof given !== 'string' || given === '') {
    throw new PersistenceError('ERR_INVALID_OPTION', `dir must be a non-empty path, got ${JSON.stringify(given)}`);
  }
  // `link/` or `link/.` would make lstat follow the link: check the normalised path.
  const dir = resolve(given);
  await refusePseudoFs(dir);
  let created = false;
  try {
    // Resolves to the first directory it created, or undefined when `dir` already existed.
    created = (await fs.mkdir(dir, { recursive: true, mode: 0o700 })) !== undefined;
  } catch (error) {
    // EEXIST: something that is not a directory (mkdir recursive succeeds on an existing dir).
    if (errnoCode(error) !== 'EEXIST') throw fromFsError(error, 'creating state directory', dir);
  }
  let stat: Stats;
  try {
    stat = await fs.lstat(dir);
  } catch (error) {
    throw fromFsError(error, 'checking state directory', dir);
  }
  await checkStateDir(dir, stat, fs);
  // mkdir's mode is filtered by the umask; a fresh directory gets exactly 0700.
  if (created && (stat.mode & 0o777) !== 0o700) {
    await fs.chmod(dir, 0o700).catch((error) => {
      throw fromFsError(error, 'chmod 0700', dir);
    });
  }
}

/**
 * The checks every state directory passes before anything in it is believed (and so before
 * anything can be signalled): not a symlink, a directory, owned by this user, not writable by
 * group or others, and no symlink anywhere on its path (its real path is the path we use).
 * Anyone who can write there, or bend the path, can plant a registry naming pids of their choice.
 */
export async function checkStateDir(dir: string, stat: Stats, fs: FsLayer): Promise<void> {
  if (stat.isSymbolicLink()) {
    throw new PersistenceError('ERR_STATE_SYMLINK', `state directory ${dir} is a symlink; use the real path`, {
      path: dir,
    });
  }
  if (!stat.isDirectory()) {
    throw new PersistenceError('ERR_STATE_NOT_DIR', `state directory ${dir} exists but is not a directory`, {
      path: dir,
    });
  }
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    throw new PersistenceError(
      'ERR_STATE_PERMISSIONS',
      `state directory ${dir} is owned by uid ${stat.uid}, not by this user (uid ${uid}); refusing to use it`,
      { path: dir },
    );
  }
  if (process.platform !== 'win32' && (stat.mode & 0o022) !== 0) {
    throw new PersistenceError(
      'ERR_STATE_PERMISSIONS',
      `state directory ${dir} is writable by group or others (mode ${(stat.mode & 0o777).toString(8)}); ` +
        `run chmod go-w on it`,
      { path: dir },
    );
  }
  let real: string;
  try {
    real = await fs.realpath(dir);
  } catch (error) {
    throw fromFsError(error, 'resolving', dir);
  }
  if (real !== dir) {
    throw new PersistenceError(
      'ERR_STATE_SYMLINK',
      `state directory ${dir} leads through a symlink (its real path is ${real}); use the real path`,
      { path: dir },
    );
  }
}
