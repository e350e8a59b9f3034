import { openRegistry } from '@lifeline/persistence';
import { fixturePath, waitFor } from '@lifeline/test-utils';
import { describe, expect, it } from 'vitest';
import type { ManagedProcess } from '../src/index';
import { fixture, isAlive, useManager } from './helpers';

const h = useManager();

/** Spawn a test-utils fixture through the manager and wait for its own ready line (its pids). */
async function spawnFixture(name: 'tree' | 'sleeper' | 'ignore-term', args: string[] = []) {
  const child = h.manager.spawn(process.execPath, [fixturePath(name), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) =>
    child.child.stdout?.once('data', (d: Buffer) => resolve(d.toString())),
  );
  await child.ready;
  const ready = JSON.parse(line.split('\n')[0]!) as { pid: number; descendants?: number[]; escaped?: number[] };
  return { child, ready, all: [ready.pid, ...(ready.descendants ?? [])] };
}

const records = () => openRegistry({ path: h.manager.layout.registryFile, lock: false }).list();

describe('kill', () => {
  it('ends a whole tree, including a setsid escapee, and removes the record only after', async () => {
    const { child, ready, all } = await spawnFixture('tree', ['2', '2', '--setsid']);
    expect(all).toHaveLength(7);
    expect(ready.escaped).toHaveLength(1);
    const events: string[] = [];
    h.manager.on('signalled', () => events.push('signalled'));
    h.manager.on('killed', () => events.push('killed'));
    h.manager.on('unregistered', () => events.push('unregistered'));
    const report = await h.manager.kill(child.pid, { graceMs: 2000 });
    expect(report.survivors).toEqual([]);
    for (const pid of all) expect(isAlive(pid)).toBe(false);
    expect(report.processes.map((p) => p.pid).sort()).toEqual([...all].sort());
    expect(events).toEqual(['signalled', 'killed', 'unregistered']);
    await h.manager.flush(); // the removal is durable once flushed (wait/kill resolve before)
    expect(await records()).toEqual([]);
    expect(h.manager.list()).toEqual([]);
  });

  it('escalates to SIGKILL for a child that ignores SIGTERM', async () => {
    const { child } = await spawnFixture('ignore-term');
    const escalated: number[] = [];
    h.manager.on('escalated', (e) => escalated.push(e.pid));
    const report = await child.kill({ graceMs: 100 });
    expect(report.escalated).toBe(true);
    expect(report.processes[0]?.outcome).toBe('killed');
    expect(escalated).toEqual([child.pid]);
    expect((await child.wait()).signal).toBe('SIGKILL');
  });

  it('killAll ends every child in parallel', async () => {
    const children = await Promise.all([
      spawnFixture('sleeper'),
      spawnFixture('tree', ['2', '1']),
      spawnFixture('ignore-term'),
    ]);
    const reports = await h.manager.killAll({ graceMs: 200 });
    expect(reports).toHaveLength(3);
    for (const { all } of children) for (const pid of all) expect(isAlive(pid)).toBe(false);
    expect(reports.every((r) => r.survivors.length === 0)).toBe(true);
    expect(h.manager.list()).toEqual([]);
    await h.manager.flush(); // the removal is durable once flushed (wait/kill resolve before)
    expect(await records()).toEqual([]);
  });

  it('kill of an untracked pid is ERR_NOT_TRACKED; bad options are ERR_INVALID_ARGUMENT', async () => {
    await expect(h.manager.kill(process.pid)).rejects.toMatchObject({ code: 'ERR_NOT_TRACKED' });
    const { child } = await spawnFixture('sleeper');
    await expect(h.manager.kill(child.pid, { graceMs: -1 })).rejects.toThrow(
      'graceMs must be a non-negative integer, got -1',
    );
    await expect(h.manager.kill(child.pid, { graceMs: '5' as unknown as number })).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
    });
    await expect(h.manager.kill(child.pid, { signal: 'SIGNOPE' as NodeJS.Signals })).rejects.toThrow(/signal must be/);
    expect(isAlive(child.pid)).toBe(true);
  });

  it('killing a child that already exited reports nothing and signals nothing', async () => {
    const child: ManagedProcess = h.manager.spawn('/bin/sh', ['-c', 'exit 0']);
    await child.wait();
    const report = await child.kill();
    expect(report.processes).toEqual([]);
  });

  it('shutdown ends the children and a daemonized grandchild found by our owner tag', async () => {
    const { child, ready } = await spawnFixture('tree', ['1', '1']);
    // daemonize.mjs starts a setsid sleeper (setsid happens before exec, so it is out of our
    // group when its spawner exits) and exits at once.
    const daemon = h.manager.spawn(process.execPath, [fixture('daemonize.mjs'), fixturePath('sleeper')], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const line = await new Promise<string>((resolve) =>
      daemon.child.stdout?.once('data', (d: Buffer) => resolve(d.toString())),
    );
    const daemonPid = JSON.parse(line).daemon as number;
    await daemon.wait(); // its spawner is gone; the setsid sleeper is in no group of ours
    await waitFor(() => isAlive(daemonPid), { message: 'daemon to run' });
    await h.manager.shutdown();
    expect(isAlive(ready.pid)).toBe(false);
    expect(isAlive(child.pid)).toBe(false);
    expect(isAlive(daemonPid)).toBe(false);
  });
});
