import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { openPidFile, openRegistry, type ProcessRecord } from '@lifeline/persistence';
import { identify } from '@lifeline/platform-kill';
import { expectNoSurvivors, fixturePath, newOwnerId, startFixture, waitFor } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deadOwner, type Harness, isAlive, makeManager, startOwner, useManager } from './helpers';

const h = useManager();

describe('cleanupOrphans', () => {
  it('a crashed owner (SIGKILL): a new instance ends its tree, the setsid escapee and a daemon found by owner tag', async () => {
    const crashed = newOwnerId('crashed');
    // The finally covers the owner's start too: an owner that fails after spawning leaves tagged children.
    try {
      // Containment off: the owner-tag path is under test (containment.test.ts has the cgroup one).
      const o = await startOwner(crashed, h.state.dir, 'crash', {
        FIXTURE_DIR: dirname(fixturePath('tree')),
        OWNER_CONTAINMENT: 'off',
      });
      const tree = o.ready.tree as number[];
      const daemon = o.ready.daemon as number;
      expect(tree).toHaveLength(3);
      process.kill(o.ready.pid, 'SIGKILL'); // the test's own child, by the pid it spawned
      await o.exited;
      for (const pid of [...tree, daemon]) expect(isAlive(pid)).toBe(true);

      const dry = await h.manager.cleanupOrphans({ dryRun: true });
      expect(
        dry.entries
          .filter((e) => e.decision === 'would-kill')
          .map((e) => e.pid)
          .sort(),
      ).toEqual([tree[0], daemon].sort());
      for (const pid of [...tree, daemon]) expect(isAlive(pid)).toBe(true);

      const result = await h.manager.cleanupOrphans();
      const byPid = new Map(result.entries.map((e) => [e.pid, e]));
      expect(byPid.get(tree[0]!)).toMatchObject({ decision: 'killed', source: 'registry' });
      expect(byPid.get(daemon)).toMatchObject({ decision: 'killed', source: 'owner-tag' });
      for (const pid of [...tree, daemon]) expect(isAlive(pid)).toBe(false);
      expect(await openRegistry({ path: h.manager.layout.registryFile, lock: false }).list()).toEqual([]);
      expect(existsSync(join(h.manager.layout.ownersDir, `${crashed}.json`))).toBe(false);
    } finally {
      await expectNoSurvivors(crashed);
    }
  });

  it('a reused pid (live process, wrong start time) is never signalled', async () => {
    const bystander = await startFixture('sleeper', { owner: h.owner });
    const identity = await identify(bystander.pid);
    const record: ProcessRecord = {
      pid: bystander.pid,
      script_path: '/scripts/old.ts',
      started_at: new Date().toISOString(),
      start_time: String(Number(identity!.startTime) - 1), // the recorded child was an earlier process
      boot_id: identity!.bootId,
      owner: await deadOwner(),
    };
    const store = openRegistry({ path: h.manager.layout.registryFile });
    await store.add(record);
    await store.close();
    const result = await h.manager.cleanupOrphans();
    expect(result.entries).toEqual([expect.objectContaining({ pid: bystander.pid, decision: 'reused' })]);
    expect(isAlive(bystander.pid)).toBe(true);
    expect(await openRegistry({ path: h.manager.layout.registryFile, lock: false }).list()).toEqual([]);
    bystander.child.kill('SIGKILL');
  });

  it('leaves records of a live owner alone', async () => {
    const bystander = await startFixture('sleeper', { owner: h.owner });
    const identity = await identify(bystander.pid);
    const me = await identify(process.pid);
    const store = openRegistry({ path: h.manager.layout.registryFile });
    await store.add({
      pid: bystander.pid,
      script_path: 'x',
      started_at: new Date().toISOString(),
      start_time: identity!.startTime,
      boot_id: identity!.bootId,
      owner: { id: newOwnerId('alive'), pid: process.pid, start_time: me!.startTime, boot_id: me!.bootId },
    });
    await store.close();
    const result = await h.manager.cleanupOrphans();
    expect(result.entries).toEqual([expect.objectContaining({ decision: 'owner-alive' })]);
    expect(isAlive(bystander.pid)).toBe(true);
    bystander.child.kill('SIGKILL');
  });
});

describe('legacy Script Kit records', () => {
  let sk: Harness;
  beforeEach(async () => {
    sk = await makeManager(h.owner, { layout: 'scriptkit' });
  });
  afterEach(() => sk.close());

  /** Write active-bun-pids.json exactly as Script Kit does: pid, script_path, started_at only. */
  const writeLegacy = (records: object[]) =>
    writeFile(sk.manager.layout.registryFile, JSON.stringify(records, null, 2));

  it('ends a live process that matches started_at and script_path', async () => {
    const startedAt = new Date().toISOString();
    const script = await startFixture('sleeper', { owner: h.owner });
    await writeLegacy([{ pid: script.pid, script_path: fixturePath('sleeper'), started_at: startedAt }]);
    const result = await sk.manager.cleanupOrphans();
    expect(result.entries).toEqual([expect.objectContaining({ pid: script.pid, decision: 'killed' })]);
    await waitFor(() => !isAlive(script.pid), { message: 'legacy child to be gone' });
  });

  it('skips a live pid whose command line does not contain script_path, or whose start time is far off', async () => {
    const script = await startFixture('sleeper', { owner: h.owner });
    await writeLegacy([
      { pid: script.pid, script_path: '/Users/john/.scriptkit/scripts/other.ts', started_at: new Date().toISOString() },
    ]);
    let result = await sk.manager.cleanupOrphans();
    expect(result.entries).toEqual([expect.objectContaining({ decision: 'not-ours' })]);
    await writeLegacy([{ pid: script.pid, script_path: fixturePath('sleeper'), started_at: '2020-01-01T00:00:00Z' }]);
    result = await sk.manager.cleanupOrphans();
    expect(result.entries).toEqual([
      expect.objectContaining({ decision: 'not-ours', reason: expect.stringMatching(/started/) }),
    ]);
    expect(isAlive(script.pid)).toBe(true);
    script.child.kill('SIGKILL');
  });

  it('skips legacy records while the Script Kit main process holding script-kit.pid is alive', async () => {
    const startedAt = new Date().toISOString();
    const script = await startFixture('sleeper', { owner: h.owner });
    const app = await startFixture('sleeper', { owner: h.owner });
    await writeFile(sk.manager.layout.pidFile, String(app.pid)); // Script Kit writes a bare pid
    await writeLegacy([{ pid: script.pid, script_path: fixturePath('sleeper'), started_at: startedAt }]);
    const result = await sk.manager.cleanupOrphans();
    expect(result.entries).toEqual([expect.objectContaining({ decision: 'owner-alive' })]);
    expect(isAlive(script.pid)).toBe(true);
    expect(await openPidFile(sk.manager.layout.pidFile).read()).toMatchObject({ pid: app.pid });
    script.child.kill('SIGKILL');
    app.child.kill('SIGKILL');
  });
});
