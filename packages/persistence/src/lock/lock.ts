import { setTimeout as sleep } from 'node:timers/promises';
import { errnoCode, fromFsError, PersistenceError } from '../errors';
import { randomId } from '../files/random';
import { defaultFs, type FsLayer } from '../fs-layer';
import { defaultVerifyHolder, ownIdentity } from '../identity';
import type { VerifyHolder } from '../types';
import type { LockHolder } from '../validate/fast';
import { createLock, inspectLock, type JudgeCreator, removeLockIf } from './lock-file';

export interface HeldLock {
  /** Set when the lock was found taken over (we stalled past staleMs and a waiter broke it). */
  readonly compromised: Error | null;
  /** Throws ERR_LOCK_COMPROMISED unless the lock still names us (reads it now). */
  assertHeld(): Promise<void>;
  release(): Promise<void>;
}

export interface LockOptions {
  /** A lock whose mtime is older than this is abandoned even if its holder cannot be judged. Min 2000. */
  staleMs: number;
  /** Liveness check for the holder; default: platform-kill's `liveness`. */
  verifyHolder?: VerifyHolder | undefined;
  /** Injectable file system (tests: ENOSPC while writing the lock). */
  fs?: FsLayer | undefined;
}

/**
 * Takes the cross-process lock for `path`: a file `<path>.lock` created atomically with its
 * holder inside (pid, OS start time, boot id, host, a token), so the state file itself need not
 * exist. A waiter breaks the lock at once when its holder is dead (gone, zombie, pid reused), and
 * after `staleMs` without a refresh when the holder cannot be judged or has hung. Retries with a
 * small randomised backoff for about 1.5 × staleMs.
 */
export async function acquireLock(path: string, options: LockOptions): Promise<HeldLock> {
  const lockPath = `${path}.lock`;
  const verify = options.verifyHolder ?? defaultVerifyHolder;
  const fs = options.fs ?? defaultFs;
  const deadline = Date.now() + options.staleMs * 1.5;
  let delay = 1;
  for (;;) {
    const holder: LockHolder = { ...(await ownIdentity()), token: randomId(), acquired_at: new Date().toISOString() };
    if (await tryCreate(fs, lockPath, holder, path)) return hold(fs, lockPath, holder, options.staleMs, verify);
    if (await breakIfAbandoned(fs, lockPath, verify, options.staleMs)) continue;
    if (Date.now() > deadline) {
      throw new PersistenceError(
        'ERR_STATE_LOCKED',
        `${path} is locked by a live process (${lockPath}) and the lock did not free up; ` +
          'if no Lifeline process is running, remove that directory',
        { path },
      );
    }
    await sleep(1 + Math.random() * delay);
    delay = Math.min(50, delay * 1.5);
  }
}

async function tryCreate(fs: FsLayer, lockPath: string, holder: LockHolder, path: string): Promise<boolean> {
  try {
    return await createLock(fs, lockPath, holder);
  } catch (error) {
    throw fromFsError(error, 'locking', path);
  }
}

/** Judges a lock remover that left its marker: dead, or (when it cannot be judged) silent for staleMs. */
function judgeCreator(verify: VerifyHolder, staleMs: number): JudgeCreator {
  return async (creator, mtimeMs) => {
    if (creator && creator.hostname === (await ownIdentity()).hostname) {
      const verdict = await verify(creator).catch(() => undefined);
      if (verdict !== undefined) return verdict !== 'alive';
    }
    return mtimeMs < Date.now() - staleMs;
  };
}

/** Removes the lock if its holder is dead or it went unrefreshed for staleMs; true when the lock is gone. */
async function breakIfAbandoned(
  fs: FsLayer,
  lockPath: string,
  verify: VerifyHolder,
  staleMs: number,
): Promise<boolean> {
  const seen = await inspectLock(fs, lockPath).catch(() => undefined);
  if (seen === null) return true;
  if (seen === undefined) return false;
  const { holder, ino } = seen;
  let dead = false;
  // Only a holder on this host can be judged; a verifier that fails leaves it to the mtime.
  if (holder && holder.hostname === (await ownIdentity()).hostname) {
    const verdict = await verify(holder).catch(() => 'alive' as const);
    dead = verdict === 'gone' || verdict === 'zombie' || verdict === 'reused';
  }
  const isStale = (mtimeMs: number) => mtimeMs < Date.now() - staleMs;
  const creatorDead = judgeCreator(verify, staleMs);
  if (!dead && !isStale(seen.refreshedMs)) return false;
  // The re-check runs once the marker is ours: is it still the lock we judged?
  return removeLockIf(
    fs,
    lockPath,
    holder ? holder.token : `ino-${ino}`,
    async () => {
      const now = await inspectLock(fs, lockPath);
      if (!now) return false;
      if (holder) return now.holder?.token === holder.token && (dead || isStale(now.refreshedMs));
      return now.holder === null && now.ino === ino;
    },
    creatorDead,
  );
}

function hold(fs: FsLayer, lockPath: string, holder: LockHolder, staleMs: number, verify: VerifyHolder): HeldLock {
  let compromised: Error | null = null;
  let released = false;
  const lost = (why: string, cause?: unknown) => {
    compromised ??= new PersistenceError('ERR_LOCK_COMPROMISED', `lost the lock ${lockPath}: ${why}`, { cause });
  };
  const stillOurs = async () => (await inspectLock(fs, lockPath))?.holder?.token === holder.token;
  // Keep the lock's mtime fresh so waiters that cannot judge us (another host, a verifier
  // that fails) or that find us hung do not break us while we work.
  const refresh = async () => {
    try {
      if (!(await stillOurs())) return lost('another process took it over (we stalled past staleMs)');
      const now = new Date();
      await fs.utimes(lockPath, now, now);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') lost('the lock was removed', error);
    }
    if (!released && !compromised) schedule();
  };
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer = setTimeout(() => void refresh(), Math.floor(staleMs / 2));
    timer.unref();
  };
  schedule();
  return {
    get compromised() {
      return compromised;
    },
    async assertHeld() {
      if (!compromised && !(await stillOurs().catch(() => false))) lost('it no longer names us');
      if (compromised) throw compromised;
    },
    async release() {
      released = true;
      clearTimeout(timer);
      if (compromised) return; // it is someone else's now
      await removeLockIf(fs, lockPath, holder.token, stillOurs, judgeCreator(verify, staleMs)).catch(() => {});
    },
  };
}
