import { link, lstat, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomId } from '../random';
import { parseHolder } from './holder-check';
import type { HolderIdentity } from './holder-identity';
import { claimMarker, type JudgeCreator } from './lock-marker';

/** Who holds the lock, and a token unique to this hold. */
export interface LockHolder extends HolderIdentity {
  token: string;
  acquired_at: string;
}

/** What a waiter sees of a taken lock. */
export interface LockSnapshot {
  /** null: unreadable, or an older version's lock (an empty directory). */
  holder: LockHolder | null;
  /** When the holder last proved it is working (the lock's mtime, refreshed by its holder). */
  refreshedMs: number;
  ino: number;
}

/** The lock as it is now, or null when there is no lock. */
export async function inspectLock(lockPath: string): Promise<LockSnapshot | null> {
  let info: Awaited<ReturnType<typeof lstat>>;
  try {
    info = await lstat(lockPath);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw error;
  }
  let holder: LockHolder | null = null;
  if (info.isFile()) {
    try {
      holder = await parseHolder(JSON.parse(await readFile(lockPath, 'utf8')));
    } catch {
      // Removed meanwhile, or garbage: judged by its mtime alone.
    }
  }
  return { holder, refreshedMs: Number(info.mtimeMs), ino: Number(info.ino) };
}

/**
 * Creates the lock with its holder in one step: the holder is written to a temp file that is
 * then hard-linked to the lock's name (`link` fails if the name exists). A lock therefore never
 * exists without its holder, however the creator dies. False when the lock is taken.
 */
export async function createLock(lockPath: string, holder: LockHolder): Promise<boolean> {
  const temp = `${lockPath}.new-${randomId()}`;
  await writeFile(temp, JSON.stringify(holder), { flag: 'wx', mode: 0o600 });
  try {
    await link(temp, lockPath);
    return true;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'EEXIST' || code === 'ENOENT') return false; // taken / temp swept: try again
    throw error;
  } finally {
    await unlink(temp).catch(() => {});
  }
}

/**
 * Removes the lock only if it is still the lock identified by `id` (a holder token, or the
 * inode of an older version's lock directory), whoever asks: its holder releasing it or a
 * waiter breaking it. The remover first claims a marker beside the lock (claimMarker: one live
 * process at a time), then re-checks that the lock is still that one (a slow remover may come
 * after the lock was replaced: it backs out). Only the claimant removes the lock, so two waiters
 * that judged the same dead holder cannot both remove it, and neither can remove the lock a
 * third process took meanwhile.
 */
export async function removeLockIf(
  lockPath: string,
  id: string,
  stillSame: () => Promise<boolean>,
  isDead: JudgeCreator,
): Promise<boolean> {
  const marker = await claimMarker(lockPath, id, isDead);
  if (marker === null) return false;
  let removed = false;
  try {
    if (await stillSame().catch(() => false)) {
      // rename first: the name is free at once (an older version's lock is a directory).
      const graveyard = `${lockPath}.gone-${randomId()}`;
      await rename(lockPath, graveyard);
      removed = true;
      await rm(graveyard, { recursive: true, force: true }).catch(() => {});
    }
  } catch {
    // ENOENT: gone meanwhile
  }
  // Markers for a lock that is gone serve nobody (a late remover re-checks and backs out).
  const prefix = removed ? `${basename(lockPath)}.break-${id}.` : basename(marker);
  const names = await readdir(dirname(lockPath)).catch(() => [] as string[]);
  await Promise.all(
    names.filter((n) => n.startsWith(prefix)).map((n) => unlink(join(dirname(lockPath), n)).catch(() => {})),
  );
  return removed;
}
