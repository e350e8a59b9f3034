import { closeSync, constants, fchmodSync, fstatSync, lstatSync, mkdirSync, openSync } from 'node:fs';
import { errnoCode, fromFsError, PersistenceError } from '../errors';
import type { StateLayout } from '../types';

/** Ours alone: a log names scripts, pids and owners. */
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

function refuseForeign(path: string, uid: number): void {
  const own = process.getuid?.();
  if (own !== undefined && uid !== own) {
    throw new PersistenceError(
      'ERR_STATE_PERMISSIONS',
      `${path} belongs to uid ${uid}, not to this user (uid ${own}); refusing to write there`,
      { path },
    );
  }
}

/**
 * A directory for private files (`logs/`, core's `logs/runs/`): created 0700 (an existing one is
 * tightened to 0700), never a symlink, nothing but a directory, and ours. Synchronous. The
 * directory above it must have been checked already.
 */
export function preparePrivateDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: DIR_MODE });
  } catch (error) {
    if (errnoCode(error) !== 'EEXIST') throw fromFsError(error, 'creating', dir);
  }
  const stat = lstatSync(dir);
  if (stat.isSymbolicLink()) {
    throw new PersistenceError('ERR_STATE_SYMLINK', `${dir} is a symlink; nothing is written through it`, {
      path: dir,
    });
  }
  if (!stat.isDirectory()) {
    throw new PersistenceError('ERR_STATE_NOT_DIR', `${dir} exists but is not a directory`, { path: dir });
  }
  refuseForeign(dir, stat.uid);
  // mkdir's mode is filtered by the umask, and older versions made logs/ 0755.
  if (process.platform !== 'win32' && (stat.mode & 0o777) !== DIR_MODE) {
    try {
      // chmod would follow a link swapped in since lstat: fchmod on a no-follow handle.
      const handle = openSync(dir, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_DIRECTORY ?? 0));
      try {
        fchmodSync(handle, DIR_MODE);
      } finally {
        closeSync(handle);
      }
    } catch (error) {
      throw fromFsError(error, 'chmod 0700', dir);
    }
  }
}

/**
 * Opens the log file for appending, safely, and returns its descriptor (for pino/sonic-boom's
 * `fd`): `logs/` is created 0700 (an existing one is tightened to 0700), the file is created
 * 0600 (an existing one tightened to 0600), and neither may be a symlink — the file is opened
 * with O_NOFOLLOW, so a link planted after the check is refused too — nor anything but a
 * directory and a regular file (O_NONBLOCK: a FIFO never blocks the open). Both must be ours.
 * Synchronous, so a guardian or an exit hook can call it. The state directory itself must have
 * been checked (openLayout) first; the caller owns the descriptor and closes it.
 */
export function prepareLogFile(layout: Pick<StateLayout, 'logsDir' | 'logFile'>): { path: string; fd: number } {
  const { logsDir, logFile } = layout;
  preparePrivateDir(logsDir);
  const flags =
    constants.O_WRONLY |
    constants.O_APPEND |
    constants.O_CREAT |
    (constants.O_NOFOLLOW ?? 0) |
    (constants.O_NONBLOCK ?? 0);
  let fd: number;
  try {
    fd = openSync(logFile, flags, FILE_MODE);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ELOOP') {
      throw new PersistenceError('ERR_STATE_SYMLINK', `${logFile} is a symlink; the log is not written through it`, {
        path: logFile,
        cause: error,
      });
    }
    if (code === 'ENXIO' || code === 'EISDIR') {
      throw new PersistenceError('ERR_CORRUPT_STATE', `${logFile} exists but is not a regular file`, {
        path: logFile,
        cause: error,
      });
    }
    throw fromFsError(error, 'opening', logFile);
  }
  try {
    const file = fstatSync(fd);
    if (!file.isFile()) {
      throw new PersistenceError('ERR_CORRUPT_STATE', `${logFile} exists but is not a regular file`, { path: logFile });
    }
    refuseForeign(logFile, file.uid);
    if (process.platform !== 'win32' && (file.mode & 0o777) !== FILE_MODE) fchmodSync(fd, FILE_MODE);
  } catch (error) {
    closeSync(fd);
    throw fromFsError(error, 'checking', logFile);
  }
  return { path: logFile, fd };
}
