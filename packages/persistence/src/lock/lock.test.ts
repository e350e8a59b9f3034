import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeStateDir, type StateDir } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PersistenceError } from '../errors';
import { defaultFs } from '../fs-layer';
import { defaultVerifyHolder, ownIdentity } from '../identity';
import type { VerifyHolder } from '../types';
import type { LockHolder } from '../validate/fast';
import { acquireLock } from './lock';
import { removeLockIf } from './lock-file';

let tmp: StateDir;
let path: string;
let lockPath: string;
beforeEach(async () => {
  tmp = await makeStateDir('lifeline-lock-');
  path = join(tmp.dir, 'active-pids.json');
  lockPath = `${path}.lock`;
});
afterEach(() => tmp.cleanup());

const staleMs = 60_000; // only the liveness path can free a lock within a test
const token = (n: number) => `0000000${n}-0000-4000-8000-000000000000`;

async function holderOf(fields: Partial<LockHolder>): Promise<LockHolder> {
  return { ...(await ownIdentity()), token: token(1), acquired_at: new Date().toISOString(), ...fields };
}

async function plantLock(holder: Partial<LockHolder>, ageMs = 0): Promise<void> {
  await writeFile(lockPath, JSON.stringify(await holderOf(holder)));
  const then = new Date(Date.now() - ageMs);
  await utimes(lockPath, then, then);
}

describe('acquireLock', () => {
  it('creates the lock with its holder inside and removes the lock on release', async () => {
    const held = await acquireLock(path, { staleMs });
    const holder = JSON.parse(await readFile(lockPath, 'utf8'));
    expect(holder).toMatchObject({ pid: process.pid, start_time: (await ownIdentity()).start_time });
    await held.assertHeld();
    await held.release();
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it('breaks at once a lock whose holder is another process now (pid reused: other start time)', async () => {
    expect((await ownIdentity()).start_time).not.toBeNull();
    await plantLock({ start_time: 'not-our-start-time' });
    const held = await acquireLock(path, { staleMs });
    await held.release();
  });

  it('asks the injected verifyHolder and breaks the lock when it says gone', async () => {
    await plantLock({});
    const asked: number[] = [];
    const verifyHolder: VerifyHolder = async (h) => {
      asked.push(h.pid);
      return 'gone';
    };
    const held = await acquireLock(path, { staleMs, verifyHolder });
    expect(asked).toEqual([process.pid]);
    await held.release();
  });

  it('does not judge a holder on another host; it falls back to the mtime', async () => {
    await plantLock({ hostname: 'elsewhere.invalid' }, 3000);
    const verifyHolder: VerifyHolder = async () => {
      throw new Error('must not be asked');
    };
    const held = await acquireLock(path, { staleMs: 2000, verifyHolder });
    await held.release();
  });

  it("breaks an older version's lock (an empty directory) once its mtime is stale", async () => {
    await mkdir(lockPath);
    const old = new Date(Date.now() - 5000);
    await utimes(lockPath, old, old);
    const held = await acquireLock(path, { staleMs: 2000 });
    await held.release();
  });

  it('assertHeld throws ERR_LOCK_COMPROMISED once the lock names someone else', async () => {
    const held = await acquireLock(path, { staleMs });
    const holder = JSON.parse(await readFile(lockPath, 'utf8'));
    await writeFile(lockPath, JSON.stringify({ ...holder, token: token(2) }));
    const error = await held.assertHeld().catch((e: unknown) => e);
    expect(PersistenceError.isInstance(error) && error.code).toBe('ERR_LOCK_COMPROMISED');
    await held.release(); // not ours any more: left alone
    expect(JSON.parse(await readFile(lockPath, 'utf8')).token).toBe(token(2));
  });
});

describe('removeLockIf', () => {
  const judge = judgeWith(defaultVerifyHolder);
  function judgeWith(verify: VerifyHolder) {
    return async (creator: Parameters<VerifyHolder>[0] | null) =>
      creator ? (await verify(creator)) !== 'alive' : false;
  }

  it('backs out when a live remover already marked this lock', async () => {
    await plantLock({});
    await writeFile(`${lockPath}.break-${token(1)}.1`, JSON.stringify(await holderOf({})));
    expect(await removeLockIf(defaultFs, lockPath, token(1), async () => true, judge)).toBe(false);
    expect((await readdir(tmp.dir)).sort()).toEqual([
      'active-pids.json.lock',
      `active-pids.json.lock.break-${token(1)}.1`,
    ]);
  });

  it('takes over from a remover that died holding the marker (the next generation)', async () => {
    await plantLock({});
    const dead = await holderOf({ start_time: 'not-our-start-time' });
    await writeFile(`${lockPath}.break-${token(1)}.1`, JSON.stringify(dead));
    const judgeDead = judgeWith(async (h) => (h.start_time === dead.start_time ? 'gone' : 'alive'));
    expect(await removeLockIf(defaultFs, lockPath, token(1), async () => true, judgeDead)).toBe(true);
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it('backs out, removing its marker, when the lock is a newer one than it judged', async () => {
    await plantLock({ token: token(3) });
    const stillSame = async () => JSON.parse(await readFile(lockPath, 'utf8')).token === token(1);
    expect(await removeLockIf(defaultFs, lockPath, token(1), stillSame, judge)).toBe(false);
    expect(await readdir(tmp.dir)).toEqual(['active-pids.json.lock']);
  });

  it('of several removers of the same lock, exactly one removes it', async () => {
    await plantLock({});
    const results = await Promise.all(
      Array.from({ length: 8 }, () => removeLockIf(defaultFs, lockPath, token(1), async () => true, judge)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await readdir(tmp.dir)).toEqual([]);
  });
});

describe('defaultVerifyHolder (platform-kill liveness)', () => {
  it('judges this process alive, and a different start time or boot as another process', async () => {
    const me = await ownIdentity();
    expect(me.start_time).not.toBeNull();
    expect(await defaultVerifyHolder(me)).toBe('alive');
    expect(await defaultVerifyHolder({ ...me, start_time: '1' })).toBe('reused');
    if (me.boot_id !== null) expect(await defaultVerifyHolder({ ...me, boot_id: 'another-boot' })).not.toBe('alive');
  });

  it('never probes pids that are not a single process', async () => {
    for (const pid of [-1, 0, 1, 2 ** 31, 1.5]) expect(await defaultVerifyHolder({ pid })).toBe('gone');
  });
});
