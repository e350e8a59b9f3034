/**
 * The files of the cross-process lock (lock.ts runs the protocol): `<file>.lock` naming its
 * holder, created in one step; `<file>.lock.break-<id>.<n>` markers that let one process at a
 * time remove a lock; `<file>.lock.new-*` temp files and `<file>.lock.gone-*` graveyards.
 */
import { link, lstat, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomId } from '../files/random';
import { ownIdentity } from '../identity';
import { check } from '../validate/check';
import type { LockHolder } from '../validate/fast';

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
      const parsed = await check('lockHolder', JSON.parse(await readFile(lockPath, 'utf8')));
      holder = parsed.ok ? parsed.value : null;
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

/** Is the creator of a marker dead? `creator` is null when the marker cannot be read. */
export type JudgeCreator = (
  creator: Pick<LockHolder, 'pid' | 'start_time' | 'boot_id' | 'hostname'> | null,
  mtimeMs: number,
) => Promise<boolean>;

const MAX_GENERATIONS = 16;

/**
 * Claims the right to remove the lock `id`: creates `<lock>.break-<id>.<n>` beside the lock,
 * complete with our identity (written to a temp file, then hard-linked: `link` fails if the name
 * exists, so only one process gets each name). A marker left by a remover that died before it
 * finished would block everyone forever, so when generation n is taken by a creator judged dead,
 * we try n + 1; a live creator keeps its claim and we back out. Returns the marker path, or null.
 */
async function claimMarker(lockPath: string, id: string, isDead: JudgeCreator): Promise<string | null> {
  const temp = `${lockPath}.new-${randomId()}`;
  try {
    // The marker names its creator the way a lock names its holder (one validator reads both).
    const creator: LockHolder = { ...(await ownIdentity()), token: randomId(), acquired_at: new Date().toISOString() };
    await writeFile(temp, JSON.stringify(creator), { flag: 'wx', mode: 0o600 });
  } catch {
    return null;
  }
  try {
    for (let n = 1; n <= MAX_GENERATIONS; n++) {
      const marker = `${lockPath}.break-${id}.${n}`;
      try {
        await link(temp, marker);
        return marker;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'EEXIST') return null; // ENOENT: our temp was swept
      }
      if (!(await isDead(...(await readMarker(marker))))) return null; // someone alive is on it
    }
    return null;
  } finally {
    await unlink(temp).catch(() => {});
  }
}

async function readMarker(marker: string): Promise<Parameters<JudgeCreator>> {
  try {
    const [info, text] = await Promise.all([stat(marker), readFile(marker, 'utf8')]);
    const creator = await check('lockHolder', JSON.parse(text));
    return [creator.ok ? creator.value : null, info.mtimeMs];
  } catch {
    // Gone meanwhile (its lock was removed) or unreadable: let the age decide.
    return [null, 0];
  }
}
