import { constants } from 'node:fs';
import { type FileHandle, lstat, open } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

/**
 * Why an output path named by a record (or found in logs/runs) is not read, or null when it
 * may be: it must be an absolute, normal path strictly inside the state directory's logs
 * directory, every directory on the way a real directory (no symlink), and the file itself a
 * regular file — not a symlink, a FIFO (whose open would block), a device or a directory. A
 * record is untrusted input: anyone who can write the registry could otherwise make
 * `lifeline logs` read any file, or hang on a FIFO. A file that does not exist (yet) is not
 * refused; it has no lines. The same rules as persistence's log file (prepareLogFile), for reading.
 */
export async function refusalOf(logsDir: string, path: unknown): Promise<string | null> {
  if (typeof path !== 'string' || path === '' || !isAbsolute(path)) return 'is not an absolute path';
  if (resolve(path) !== path) return 'is not a normal path';
  const rel = relative(logsDir, path);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return `is outside ${logsDir}`;
  const parts = rel.split(sep);
  let current = logsDir;
  for (const [i, part] of ['', ...parts].entries()) {
    current = part === '' ? logsDir : join(current, part);
    const last = i === parts.length;
    let info: Awaited<ReturnType<typeof lstat>>;
    try {
      info = await lstat(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      return `cannot be checked (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
    }
    if (info.isSymbolicLink()) return last ? 'is a symlink' : `lies under a symlink (${current})`;
    if (!last && !info.isDirectory()) return `lies under something that is not a directory (${current})`;
    if (last && !info.isFile()) return `is not a regular file (${kindOf(info)})`;
  }
  return null;
}

function kindOf(info: { isFIFO(): boolean; isDirectory(): boolean; isSocket(): boolean }): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isDirectory()) return 'a directory';
  if (info.isSocket()) return 'a socket';
  return 'a device';
}

/**
 * Opens a checked output file for reading, or null: O_NOFOLLOW and O_NONBLOCK, so a symlink or
 * a FIFO swapped in after refusalOf's check is neither followed nor waited on, and anything
 * that is not a regular file once open is closed unread.
 */
export async function openRegularFile(path: string): Promise<FileHandle | null> {
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  const handle = await open(path, flags).catch(() => null);
  if (!handle) return null;
  const info = await handle.stat().catch(() => null);
  if (info?.isFile()) return handle;
  await handle.close();
  return null;
}

/**
 * An opener for files inside `logsDir` that a follow may open again and again: each open runs
 * refusalOf again (a directory on the way may have been swapped for a symlink since the last
 * look), and keeps the handle only if the path still checks out afterwards and names the very
 * file that was opened (same device and inode), so a swap during the open is caught too.
 */
export function checkedOpener(logsDir: string): (path: string) => Promise<FileHandle | null> {
  return async (path) => {
    if ((await refusalOf(logsDir, path)) !== null) return null;
    const handle = await openRegularFile(path);
    if (!handle) return null;
    const [opened, again, named] = await Promise.all([
      handle.stat().catch(() => null),
      refusalOf(logsDir, path),
      lstat(path).catch(() => null),
    ]);
    if (opened && again === null && named && opened.dev === named.dev && opened.ino === named.ino) return handle;
    await handle.close();
    return null;
  };
}
