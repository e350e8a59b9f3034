import { mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expectNoSurvivors, makeStateDir, newOwnerId, type StateDir, startFixture } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startNodeFixture } from '../../test/helpers/child';
import { faultyFs } from '../../test/helpers/faulty-fs';
import { procVerify, startTimeOf } from '../../test/helpers/proc-verify';
import type { CorruptionReport, VerifyHolder } from '../types';
import { openPidFile } from './pid-file';

let tmp: StateDir;
let path: string;
let owner: string;
beforeEach(async () => {
  tmp = await makeStateDir('lifeline-persist-');
  path = join(tmp.dir, 'lifeline.pid');
  owner = newOwnerId('persist');
});
afterEach(async () => {
  await expectNoSurvivors(owner);
  await tmp.cleanup();
});

const myStartTime = await startTimeOf(process.pid);
const me = () => ({ pid: process.pid, start_time: myStartTime, owner_id: 'me' });
const never: VerifyHolder = async () => {
  throw new Error('verify must not be called');
};

describe('openPidFile', () => {
  it('writes the bare pid on line 1 and the identity on line 2, 0600; reads it back', async () => {
    const pidFile = openPidFile(path);
    await pidFile.write(me());
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')[0]).toBe(String(process.pid));
    expect(JSON.parse(text.split('\n')[1] as string)).toEqual(me());
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await pidFile.read()).toEqual(me());
  });

  it("reads Script Kit's bare-number file", async () => {
    await writeFile(path, '4242');
    expect(await openPidFile(path).read()).toEqual({ pid: 4242 });
  });

  it.each(['', 'abc', '0', '1', '-5', '99999999999', '12\n{not json', '12\n{"pid": 13}'])(
    'reports corrupt content %j as ERR_CORRUPT_STATE, and as stale',
    async (content) => {
      await writeFile(path, content);
      const pidFile = openPidFile(path);
      await expect(pidFile.read()).rejects.toMatchObject({ code: 'ERR_CORRUPT_STATE' });
      expect(await pidFile.isStale(never)).toBe(true);
    },
  );

  it('refuses a symlink', async () => {
    await writeFile(join(tmp.dir, 'target'), '4242');
    await symlink(join(tmp.dir, 'target'), path);
    await expect(openPidFile(path).read()).rejects.toMatchObject({ code: 'ERR_STATE_SYMLINK' });
    await expect(openPidFile(path).write(me())).rejects.toMatchObject({ code: 'ERR_STATE_SYMLINK' });
    expect(await readFile(join(tmp.dir, 'target'), 'utf8')).toBe('4242');
  });

  it('remove honours onlyIf', async () => {
    const pidFile = openPidFile(path);
    expect(await pidFile.remove()).toBe(false);
    await pidFile.write(me());
    expect(await pidFile.remove({ pid: process.pid + 1 })).toBe(false);
    expect(await pidFile.remove({ pid: process.pid, start_time: 'other' })).toBe(false);
    expect(await pidFile.remove({ pid: process.pid, start_time: me().start_time })).toBe(true);
    expect(await pidFile.read()).toBeNull();
  });

  it('isStale: absent → false, live → false, ended → true, pid reused → true', async () => {
    const pidFile = openPidFile(path);
    expect(await pidFile.isStale(procVerify)).toBe(false);
    const sleeper = await startFixture('sleeper', { owner });
    const identity = { pid: sleeper.pid, start_time: await startTimeOf(sleeper.pid) };
    await pidFile.write(identity);
    expect(await pidFile.isStale(procVerify)).toBe(false);
    await pidFile.write({ ...identity, start_time: '1' });
    expect(await pidFile.isStale(procVerify)).toBe(true);
    await pidFile.write(identity);
    sleeper.child.kill('SIGKILL');
    await sleeper.exited;
    expect(await pidFile.isStale(procVerify)).toBe(true);
  });

  it('acquire: no file → ours; again by us → ours', async () => {
    const pidFile = openPidFile(path);
    await pidFile.acquire(me(), never);
    await pidFile.acquire(me(), never);
    expect(await pidFile.read()).toEqual(me());
    expect(await readdir(tmp.dir)).toEqual(['lifeline.pid']);
  });

  it('acquire: a live holder → ERR_INSTANCE_RUNNING naming its pid, file untouched', async () => {
    const sleeper = await startFixture('sleeper', { owner });
    const holder = { pid: sleeper.pid, start_time: await startTimeOf(sleeper.pid) };
    const pidFile = openPidFile(path);
    await pidFile.write(holder);
    await expect(pidFile.acquire(me(), procVerify)).rejects.toMatchObject({
      code: 'ERR_INSTANCE_RUNNING',
      holderPid: sleeper.pid,
      message: expect.stringContaining(`pid ${sleeper.pid}`),
    });
    expect(await pidFile.read()).toEqual(holder);
    sleeper.child.kill('SIGKILL');
    await sleeper.exited;
  });

  it('acquire: a holder that ended is replaced', async () => {
    const sleeper = await startFixture('sleeper', { owner });
    const pidFile = openPidFile(path);
    await pidFile.write({ pid: sleeper.pid, start_time: await startTimeOf(sleeper.pid) });
    sleeper.child.kill('SIGKILL');
    await sleeper.exited;
    await pidFile.acquire(me(), procVerify);
    expect(await pidFile.read()).toEqual(me());
  });

  it('acquire: a reused pid (live process, other start time) is replaced', async () => {
    const sleeper = await startFixture('sleeper', { owner });
    const pidFile = openPidFile(path);
    await pidFile.write({ pid: sleeper.pid, start_time: 'an-earlier-boot' });
    await pidFile.acquire(me(), procVerify);
    expect(await pidFile.read()).toEqual(me());
    sleeper.child.kill('SIGKILL');
    await sleeper.exited;
  });

  it.each([
    ['no file (the exclusive create)', false],
    ['a stale holder (under the lock)', true],
  ])('acquire on a full disk (ENOSPC), %s: ERR_NO_SPACE, and no temp or lock file is left', async (_what, stale) => {
    // A reused pid: our own pid with another start time is never a live holder.
    const old = `${process.pid}\n${JSON.stringify({ pid: process.pid, start_time: 'an-earlier-boot' })}\n`;
    if (stale) await writeFile(path, old);
    const fs = faultyFs();
    fs.fail('write', 'ENOSPC');
    await expect(openPidFile(path, { fs }).acquire(me(), procVerify)).rejects.toMatchObject({ code: 'ERR_NO_SPACE' });
    expect(await readdir(tmp.dir)).toEqual(stale ? ['lifeline.pid'] : []);
    if (stale) expect(await readFile(path, 'utf8')).toBe(old);
    fs.fail(null);
    await openPidFile(path, { fs }).acquire(me(), procVerify);
    expect(await readdir(tmp.dir)).toEqual(['lifeline.pid']);
  });

  it('acquire: a corrupt file is moved aside, reported and replaced', async () => {
    await writeFile(path, 'garbage');
    const reports: CorruptionReport[] = [];
    const pidFile = openPidFile(path, { onCorruption: (r) => reports.push(r) });
    await pidFile.acquire(me(), never);
    expect(await pidFile.read()).toEqual(me());
    const names = await readdir(tmp.dir);
    const moved = names.filter((n) => n.startsWith('lifeline.pid.corrupt-'));
    expect(moved).toHaveLength(1);
    expect(await readFile(join(tmp.dir, moved[0] as string), 'utf8')).toBe('garbage');
    expect(reports).toEqual([
      expect.objectContaining({ path, quarantinedTo: join(tmp.dir, moved[0] as string), code: 'ERR_CORRUPT_STATE' }),
    ]);
  });

  it.each([
    ['garbage text', Buffer.from('garbage\n'), /line 1 must be a pid, got "garbage"/],
    ['binary bytes', Buffer.from([0, 1, 2, 0xff, 0x1b, 0x5b, 0x32, 0x4a, 10, 0x80]), /not valid UTF-8 .*offset 3/],
    ['ASCII garbage', Buffer.from('hello\n'), /line 1 must be a pid/],
    [
      'invalid UTF-8 inside line 2',
      Buffer.concat([
        Buffer.from(`${process.pid}\n{"pid":${process.pid},"owner_id":"a`),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"}\n'),
      ]),
      /not valid UTF-8/,
    ],
    ['pid 1 (init)', Buffer.from('1\n'), /line 1: /],
    ['a torn line 2', Buffer.from(`${process.pid}\n{"pid":`), /line 2 is not valid JSON/],
    ['over the size cap', Buffer.alloc(64 * 1024 + 1, 0x31), /over the 65536-byte limit/],
  ])(
    'write: a PID file with %s is quarantined byte for byte and reported, never overwritten unseen',
    async (_name, bytes, reason) => {
      await writeFile(path, bytes);
      const reports: CorruptionReport[] = [];
      const pidFile = openPidFile(path, { onCorruption: (r) => reports.push(r) });
      await pidFile.write(me());
      expect(await pidFile.read()).toEqual(me());
      const moved = (await readdir(tmp.dir)).filter((n) =>
        /^lifeline\.pid\.corrupt-\d{4}-\d\d-\d\dT[\d-]+\.\d+Z/.test(n),
      );
      expect(moved).toHaveLength(1);
      expect(Buffer.compare(await readFile(join(tmp.dir, moved[0] as string)), bytes)).toBe(0);
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({
        path,
        quarantinedTo: join(tmp.dir, moved[0] as string),
        salvaged: 0,
        dropped: 1,
      });
      expect(reports[0]?.reason).toMatch(reason);
      expect(reports[0]?.code).toBe(bytes.length > 64 * 1024 ? 'ERR_TOO_LARGE' : 'ERR_CORRUPT_STATE');
    },
  );

  it('write: a valid file (ours or a legacy one) is replaced in place, with nothing quarantined or reported', async () => {
    const onCorruption = () => {
      throw new Error('nothing is corrupt here');
    };
    await writeFile(path, '4242\n');
    const pidFile = openPidFile(path, { onCorruption });
    await pidFile.write(me());
    await pidFile.write({ ...me(), guardian_pid: 4242 });
    expect(await pidFile.read()).toEqual({ ...me(), guardian_pid: 4242 });
    expect((await readdir(tmp.dir)).filter((n) => n.includes('.corrupt-'))).toEqual([]);
  });

  it('write: a directory at the path is refused, not moved aside', async () => {
    await mkdir(path);
    await expect(openPidFile(path).write(me())).rejects.toMatchObject({ code: 'ERR_CORRUPT_STATE' });
    expect((await stat(path)).isDirectory()).toBe(true);
    expect((await readdir(tmp.dir)).filter((n) => n.includes('.corrupt-'))).toEqual([]);
  });

  it('acquire race between two processes: exactly one wins, the other names it', async () => {
    for (let round = 0; round < 5; round++) {
      const a = startNodeFixture('acquirer.mjs', [path], owner);
      const b = startNodeFixture('acquirer.mjs', [path], owner);
      await Promise.all([a, b].map((c) => c.waitForMessage((m) => m.ready === true, 'ready')));
      a.child.stdin?.write('go\n');
      b.child.stdin?.write('go\n');
      const [ra, rb] = await Promise.all(
        [a, b].map((c) => c.waitForMessage((m) => typeof m.won === 'boolean', 'an outcome')),
      );
      const outcomes = [ra, rb].map((r) => r?.won);
      expect(outcomes.sort()).toEqual([false, true]);
      const [winner, loser] = ra?.won ? [a, rb] : [b, ra];
      expect(loser).toMatchObject({ code: 'ERR_INSTANCE_RUNNING', holderPid: winner.pid });
      expect((await openPidFile(path).read())?.pid).toBe(winner.pid);
      a.child.stdin?.end();
      b.child.stdin?.end();
      await Promise.all([a.exited, b.exited]);
      await openPidFile(path).remove();
    }
  });

  it('validates its arguments', async () => {
    expect(() => openPidFile('rel.pid')).toThrow(/absolute file path/);
    await expect(openPidFile(path).write({ pid: 1 })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
  });
});
