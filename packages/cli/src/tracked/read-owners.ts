import { constants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { OwnerInfo } from '@lifeline/persistence';

/**
 * The owner files (owners/<id>.json), read without validation or repair, for what `ps` shows
 * and how it decides whether an owner is alive. A file that is not a plausible OwnerInfo is
 * skipped here; `lifeline doctor` reports it and `lifeline cleanup` moves it aside.
 */
export async function readOwnerFiles(ownersDir: string): Promise<OwnerInfo[]> {
  const names = await readdir(ownersDir).catch(() => [] as string[]);
  const files = await Promise.all(
    names
      .filter((name) => name.endsWith('.json'))
      .map((name) =>
        readSmall(join(ownersDir, name)).then(
          (text) => (text === null ? null : plausible(text)),
          () => null,
        ),
      ),
  );
  return files.filter((f): f is OwnerInfo => f !== null);
}

function plausible(text: string): OwnerInfo | null {
  try {
    const v = JSON.parse(text) as Partial<OwnerInfo>;
    if (typeof v.id !== 'string' || !Number.isInteger(v.pid) || (v.pid ?? 0) <= 1) return null;
    return v as OwnerInfo;
  } catch {
    return null;
  }
}

/** A regular file of at most 64 KiB, never through a symlink or blocking on a FIFO (as persistence reads). */
async function readSmall(path: string): Promise<string | null> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > 64 * 1024) return null;
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
