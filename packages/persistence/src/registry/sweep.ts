import { basename, dirname, join } from 'node:path';
import { tempPrefix } from '../files/durable-write';
import type { FsLayer } from '../fs-layer';

/**
 * Removes temp files a crashed writer left beside `path`, and what a process killed while
 * taking or breaking the lock left (`<name>.lock.new-*`, `.break-*`, `.gone-*`) once older than
 * a minute (younger ones may belong to a live waiter). Call only while holding the lock.
 */
export async function sweepTempFiles(fs: FsLayer, path: string): Promise<number> {
  const dir = dirname(path);
  const prefix = tempPrefix(path);
  const lockPrefix = `${basename(path)}.lock.`;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (name.startsWith(lockPrefix)) {
      const info = await fs.lstat(join(dir, name)).catch(() => null);
      if (info && info.mtimeMs < Date.now() - 60_000) {
        await fs.rm(join(dir, name), { recursive: true, force: true }).catch(() => {});
      }
      continue;
    }
    if (!name.startsWith(prefix) || name === basename(path)) continue;
    await fs.unlink(join(dir, name)).then(
      () => removed++,
      () => {},
    );
  }
  return removed;
}
