import { dirname } from 'node:path';
import { errnoCode, fromFsError } from '../errors';
import type { FsLayer } from '../fs-layer';
import { syncDir } from './durable-write';

/** `2024-01-15T10-30-00.123Z`: an ISO time without the colons some file systems refuse. */
function stamp(now: Date): string {
  return now.toISOString().replace(/:/g, '-');
}

/**
 * Moves a bad state file aside to `<name>.corrupt-<timestamp>` and returns where it went.
 * Never deletes anything and never overwrites an earlier quarantined file: the name is taken
 * with link(), which fails if it exists, and only then is the original unlinked.
 */
export async function quarantine(fs: FsLayer, path: string, now = new Date()): Promise<string> {
  const base = `${path}.corrupt-${stamp(now)}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    const target = attempt === 0 ? base : `${base}-${attempt}`;
    try {
      await fs.link(path, target);
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'EEXIST') continue;
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') {
        // No hard links here (some FUSE/FAT mounts): fall back to rename onto a name we checked is free.
        if (await exists(fs, target)) continue;
        await fs.rename(path, target).catch((e) => {
          throw fromFsError(e, 'moving aside', path);
        });
        await syncDir(dirname(path), fs).catch(() => {});
        return target;
      }
      throw fromFsError(error, 'moving aside', path);
    }
    await fs.unlink(path).catch((error) => {
      if (errnoCode(error) !== 'ENOENT') throw fromFsError(error, 'moving aside', path);
    });
    await syncDir(dirname(path), fs).catch(() => {});
    return target;
  }
  throw fromFsError(new Error('too many quarantined files with this timestamp'), 'moving aside', path);
}

async function exists(fs: FsLayer, path: string): Promise<boolean> {
  try {
    await fs.lstat(path);
    return true;
  } catch {
    return false;
  }
}
