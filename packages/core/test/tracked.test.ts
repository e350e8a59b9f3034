import { openRegistry } from '@lifeline/persistence';
import { identify } from '@lifeline/platform-kill';
import { fixturePath, newOwnerId, startFixture } from '@lifeline/test-utils';
import { describe, expect, it } from 'vitest';
import { deadOwner, isAlive, makeManager, useManager } from './helpers';

const h = useManager();

/** A record for a live fixture, as another (now dead) instance would have written it. */
async function foreignRecord(pid: number, startTimeShift = 0) {
  const identity = await identify(pid);
  const record = {
    pid,
    script_path: fixturePath('sleeper'),
    started_at: new Date().toISOString(),
    start_time: String(Number(identity!.startTime) + startTimeShift),
    boot_id: identity!.bootId,
    owner: await deadOwner(),
  };
  const store = openRegistry({ path: h.manager.layout.registryFile });
  await store.add(record);
  await store.close();
  return record;
}

describe('listTracked, killTracked, status', () => {
  it('listTracked shows every record with its verified state and owner liveness', async () => {
    const mine = h.manager.spawn(process.execPath, [fixturePath('sleeper')], { stdio: 'ignore' });
    await mine.ready;
    const other = await startFixture('sleeper', { owner: h.owner });
    await foreignRecord(other.pid);
    const reused = await startFixture('sleeper', { owner: h.owner });
    await foreignRecord(reused.pid, -1);
    const tracked = await h.manager.listTracked();
    const byPid = new Map(tracked.map((t) => [t.record.pid, t]));
    expect(byPid.get(mine.pid)).toMatchObject({ state: 'running', ownerAlive: true });
    expect(byPid.get(other.pid)).toMatchObject({ state: 'running', ownerAlive: false });
    expect(byPid.get(reused.pid)).toMatchObject({ state: 'reused', ownerAlive: false });
    const status = await h.manager.status();
    expect(status.tracked).toMatchObject({ total: 3, running: 2, reused: 1 });
    expect(status.orphans).toBe(1);
    expect(status.healthy).toBe(false);
    expect(status.pidFile.state).toBe('absent');
    other.child.kill('SIGKILL');
    reused.child.kill('SIGKILL');
  });

  it('killTracked ends a verified foreign record and refuses unknown or reused pids', async () => {
    const other = await startFixture('tree', { owner: h.owner, args: ['2', '1'] });
    await foreignRecord(other.pid);
    const reused = await startFixture('sleeper', { owner: h.owner });
    await foreignRecord(reused.pid, -1);
    const bystander = await startFixture('sleeper', { owner: h.owner });
    const results = await h.manager.killTracked([other.pid, reused.pid, bystander.pid], { graceMs: 1000 });
    expect(results).toEqual([
      expect.objectContaining({ pid: other.pid, outcome: 'ended' }),
      expect.objectContaining({
        pid: reused.pid,
        outcome: 'refused',
        reason: expect.stringMatching(/another process/),
      }),
      expect.objectContaining({ pid: bystander.pid, outcome: 'refused', reason: expect.stringMatching(/not in/) }),
    ]);
    for (const pid of other.allPids) expect(isAlive(pid)).toBe(false);
    expect(isAlive(reused.pid)).toBe(true);
    expect(isAlive(bystander.pid)).toBe(true);
    expect(await openRegistry({ path: h.manager.layout.registryFile, lock: false }).list()).toEqual([]);
    reused.child.kill('SIGKILL');
    bystander.child.kill('SIGKILL');
  });

  it('start() takes the PID file and writes the owner file; status reports a healthy live instance', async () => {
    const { cleanup } = await h.manager.start();
    expect(cleanup.entries).toEqual([]);
    const status = await h.manager.status();
    expect(status.pidFile).toMatchObject({ state: 'live', holder: { pid: process.pid, owner_id: h.owner } });
    expect(status.owners).toEqual([expect.objectContaining({ id: h.owner, alive: true, guardianAlive: null })]);
    expect(status.healthy).toBe(true);
    await h.manager.shutdown();
    const after = await h.manager.status();
    expect(after.pidFile.state).toBe('absent');
    expect(after.owners).toEqual([]);
  });

  it('singleInstance: a second instance on the same state dir is refused while the first lives', async () => {
    await h.manager.start();
    const second = await makeManager(newOwnerId(), { stateDir: h.state.dir, singleInstance: true });
    try {
      await expect(second.manager.start()).rejects.toMatchObject({ code: 'ERR_INSTANCE_RUNNING' });
    } finally {
      await second.manager.shutdown();
    }
  });
});
