/**
 * The files of the cross-process lock (lock.ts runs the protocol): `<file>.lock` naming its
 * holder, created in one step; `<file>.lock.break-<id>.<n>` markers that let one process at a
 * time remove a lock; `<file>.lock.new-*` temp files and `<file>.lock.gone-*` graveyards.
 */
import { basename, dirname, join } from 'node:path';
import { errnoCode } from '../errors';
import { createExclusive } from '../files/durable-write';
import { randomId } from '../files/random';
import { readCapped } from '../files/read-capped';
import { decodeUtf8 } from '../files/utf8';
import type { FsLayer } from '../fs-layer';
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

/** A small JSON file (a lock or a marker) checked as a holder; null when it names none we can trust. */
async function readHolder(path: string): Promise<LockHolder | null> {
  try {
    const read = readCapped(path, 4096);
    if (read.kind !== 'ok') return null;
    const parsed = await check('lockHolder', JSON.parse(decodeUtf8(read.bytes)));
    return parsed.ok ? parsed.value : null;
  } catch {
    return null; // removed meanwhile, or garbage: judged by its mtime alone
  }
}

/** The lock as it is now, or null when there is no lock. */
export async function inspectLock(fs: FsLayer, lockPath: string): Promise<LockSnapshot | null> {
  let info: Awaited<ReturnType<FsLayer['lstat']>>;
  try {
    info = await fs.lstat(lockPath);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  }
  const holder = info.isFile() ? await readHolder(lockPath) : null;
  return { holder, refreshedMs: Number(info.mtimeMs), ino: Number(info.ino) };
}

/**
 * Creates the lock with its holder in one step (createExclusive: a temp file hard-linked to the
 * lock's name), so a lock never exists without its holder, however the creator dies, and the
 * temp file never outlives the call (ENOSPC included). False when the lock is taken.
 */
export function createLock(fs: FsLayer, lockPath: string, holder: LockHolder): Promise<boolean> {
  // Not fsynced: a lock only has to outlive its holder process, not a power cut.
  return createExclusive(fs, lockPath, JSON.stringify(holder), `${lockPath}.new-${randomId()}`, { sync: false });
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
  fs: FsLayer,
  lockPath: string,
  id: string,
  stillSame: () => Promise<boolean>,
  isDead: JudgeCreator,
): Promise<boolean> {
  const marker = await claimMarker(fs, lockPath, id, isDead);
  if (marker === null) return false;
  let removed = false;
  try {
    if (await stillSame().catch(() => false)) {
      // rename first: the name is free at once (an older version's lock is a directory).
      const graveyard = `${lockPath}.gone-${randomId()}`;
      await fs.rename(lockPath, graveyard);
      removed = true;
      await fs.rm(graveyard, { recursive: true, force: true }).catch(() => {});
    }
  } catch {
    // ENOENT: gone meanwhile
  }
  // Markers for a lock that is gone serve nobody (a late remover re-checks and backs out).
  const prefix = removed ? `${basename(lockPath)}.break-${id}.` : basename(marker);
  const names = await fs.readdir(dirname(lockPath)).catch(() => [] as string[]);
  await Promise.all(
    names.filter((n) => n.startsWith(prefix)).map((n) => fs.unlink(join(dirname(lockPath), n)).catch(() => {})),
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
async function claimMarker(fs: FsLayer, lockPath: string, id: string, isDead: JudgeCreator): Promise<string | null> {
  // The marker names its creator the way a lock names its holder (one validator reads both).
  const creator = JSON.stringify({
    ...(await ownIdentity()),
    token: randomId(),
    acquired_at: new Date().toISOString(),
  });
  for (let n = 1; n <= MAX_GENERATIONS; n++) {
    const marker = `${lockPath}.break-${id}.${n}`;
    try {
      if (await createExclusive(fs, marker, creator, `${lockPath}.new-${randomId()}`, { sync: false })) return marker;
    } catch {
      return null; // cannot write beside the lock (ENOSPC…): leave the lock to its holder or to staleMs
    }
    if (!(await isDead(...(await readMarker(fs, marker))))) return null; // someone alive is on it
  }
  return null;
}

async function readMarker(fs: FsLayer, marker: string): Promise<Parameters<JudgeCreator>> {
  const info = await fs.stat(marker).catch(() => null);
  // Gone meanwhile (its lock was removed): let the age decide.
  if (info === null) return [null, 0];
  return [await readHolder(marker), info.mtimeMs];
}
