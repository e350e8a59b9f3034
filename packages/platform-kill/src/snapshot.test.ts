import { expectNoSurvivors, newOwnerId, startFixture } from '@lifeline/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlatform } from './platform';
import { darwinWorld } from './testing/darwin-world';
import { windowsWorld } from './testing/windows-world';
import { SAMPLE_OWNER } from './unix/darwin/__samples__/ps';

describe('snapshot (linux, real processes)', () => {
  let owner = newOwnerId('pk-snapshot');
  afterEach(async () => {
    await expectNoSurvivors(owner);
    owner = newOwnerId('pk-snapshot');
  });
  const platform = createPlatform();

  it('answers liveness and owner tags from one pass, as livenessMany and findByOwnerTag do', async () => {
    const tree = await startFixture('tree', { owner, args: ['1', '1'] });
    const other = newOwnerId('pk-snapshot-none');
    const gone = await startFixture('exit-with', { owner, args: ['0', '0'] });
    await gone.exited;
    const root = await platform.identify(tree.pid);
    if (!root) throw new Error('fixture vanished');
    try {
      const reused = { pid: root.pid, startTime: String(Number(root.startTime) - 1), bootId: root.bootId };
      const noBoot = { pid: root.pid, startTime: root.startTime, bootId: null };
      const snap = await platform.snapshot({ pids: [tree.pid, gone.pid, tree.pid], tags: [owner, other] });

      expect([...(snap.tagged.get(owner) ?? [])].sort()).toEqual([...tree.allPids].sort());
      expect(snap.tagged.get(other)).toEqual([]);
      const expected = [root, reused, noBoot, { pid: gone.pid, startTime: '1', bootId: root.bootId }];
      expect(expected.map((e) => snap.liveness(e))).toEqual(['alive', 'reused', 'unverified', 'gone']);
      expect(expected.map((e) => snap.liveness(e))).toEqual(await platform.livenessMany(expected));
      // A tagged process is read too, so it can be judged without another read.
      const child = tree.allPids.find((pid) => pid !== tree.pid) as number;
      expect(snap.identities.get(child)?.startTime).toBe((await platform.identify(child))?.startTime);
      expect(snap.liveness(snap.identities.get(child) ?? { pid: child })).toBe('alive');
      // A pid it never read is not "gone": asking is a mistake.
      expect(() => snap.liveness({ pid: process.ppid })).toThrow(/not part of this snapshot/);
      // Tags asked for later come from the same listing; pids the caller decided on are left out unread.
      const later = await platform.snapshot({});
      const found = await later.findTagged([owner], new Set([tree.pid]));
      expect([...(found.get(owner) ?? [])].sort()).toEqual(tree.allPids.filter((pid) => pid !== tree.pid).sort());
      expect(later.liveness(later.identities.get(child) ?? { pid: child })).toBe('alive');
      expect(() => later.liveness({ pid: tree.pid })).toThrow(/not part of this snapshot/);
      // Any variable, exact or by prefix, from that same listing: what findByEnvValue finds, minus `except`.
      const head = owner.slice(0, -3);
      const byPrefix = await later.findByEnv('LIFELINE_OWNER', [head], { prefix: true, except: new Set([tree.pid]) });
      const alone = await platform.findByEnvValue('LIFELINE_OWNER', [head], { prefix: true });
      expect([...(byPrefix.get(head) ?? [])].sort()).toEqual(
        (alone.get(head) ?? []).filter((p) => p !== tree.pid).sort(),
      );
      expect(byPrefix.get(head)).toEqual(expect.arrayContaining([child]));
      expect((await later.findByEnv('LIFELINE_OWNER', [head])).get(head)).toEqual([]); // exact: nobody carries the bare prefix
      await expect(later.findByEnv('A=B', ['x'])).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    } finally {
      await platform.terminate({ pid: tree.pid, expect: root });
    }
  });

  it('never lists the calling process, even when it carries the tag', async () => {
    const snap = await platform.snapshot({ tags: [process.env.LIFELINE_OWNER ?? 'pk-snapshot-self'] });
    for (const pids of snap.tagged.values()) expect(pids).not.toContain(process.pid);
  });

  it('rejects bad queries and tags where owner tags cannot be searched', async () => {
    await expect(platform.snapshot({ pids: [0] })).rejects.toThrow(/pids\[0\] must be a positive integer/);
    await expect(platform.snapshot({ tags: ['a=b'] })).rejects.toThrow(/ownerId must be/);
    await expect(platform.snapshot({ pids: 'x' as never })).rejects.toThrow(/pids must be an array/);
    const windows = createPlatform(windowsWorld().options);
    await expect(windows.snapshot({ tags: ['x'] })).rejects.toMatchObject({ code: 'ERR_UNSUPPORTED_PLATFORM' });
  });
});

describe('snapshot (darwin sample: composed from identifyMany and findByOwnerTag)', () => {
  it('gives the same answers as the separate calls', async () => {
    const world = darwinWorld();
    const platform = createPlatform(world.options);
    const snap = await platform.snapshot({ pids: [70200, 70205, 99999], tags: [SAMPLE_OWNER] });
    expect([...(snap.tagged.get(SAMPLE_OWNER) ?? [])].sort()).toEqual(
      [...(await platform.findByOwnerTag(SAMPLE_OWNER))].sort(),
    );
    const expected = [{ pid: 70200 }, { pid: 70205 }, { pid: 99999 }];
    expect(expected.map((e) => snap.liveness(e))).toEqual(await platform.livenessMany(expected));
    expect(expected.map((e) => snap.liveness(e))).toEqual(['unverified', 'zombie', 'gone']);
    const later = await (await platform.snapshot()).findTagged([SAMPLE_OWNER], new Set([70200]));
    expect([...(later.get(SAMPLE_OWNER) ?? [])].sort()).toEqual(
      (await platform.findByOwnerTag(SAMPLE_OWNER)).filter((pid) => pid !== 70200).sort(),
    );
  });
});
