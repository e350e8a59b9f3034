import { rm, writeFile } from 'node:fs/promises';
import { openRegistry } from '@lifeline/persistence';
import { fixturePath } from '@lifeline/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, useManager } from './helpers';

const h = useManager();
let lock: string | null = null;
afterEach(async () => {
  if (lock) await rm(lock, { force: true });
  lock = null;
});

const records = () => openRegistry({ path: h.manager.layout.registryFile, lock: false }).list();

/**
 * Block every commit to the registry file: persistence takes `<file>.lock` for each commit and
 * treats a fresh lock it cannot judge as held for staleMs (10 s). Reads stay lock-free.
 */
async function holdRegistryLock(): Promise<void> {
  lock = `${h.manager.layout.registryFile}.lock`;
  await writeFile(lock, '{}', { flag: 'wx' });
}
async function releaseRegistryLock(): Promise<void> {
  if (lock) await rm(lock, { force: true });
  lock = null;
}

describe('the durable removal is queued behind wait() and kill()', () => {
  it('wait() resolves while no commit can land; the record stays on disk until flush()', async () => {
    const child = h.manager.spawn('/bin/sh', ['-c', 'read x; exit 0'], { stdio: ['pipe', 'ignore', 'ignore'] });
    await child.ready;
    expect(await records()).toEqual([expect.objectContaining({ pid: child.pid })]);
    await holdRegistryLock();
    const unregistered: number[] = [];
    h.manager.on('unregistered', ({ pid }) => unregistered.push(pid));
    child.child.stdin?.end();
    expect((await child.wait()).exitCode).toBe(0);
    expect(unregistered).toEqual([child.pid]);
    expect(h.manager.list()).toEqual([]);
    // Dead and out of the in-memory registry, but the commit is stuck behind the lock.
    expect(await records()).toEqual([expect.objectContaining({ pid: child.pid })]);
    const flushed = h.manager.flush();
    await releaseRegistryLock();
    await flushed;
    expect(await records()).toEqual([]);
  });

  it('kill() and killAll() resolve once every process is confirmed dead; shutdown() makes it durable', async () => {
    const a = h.manager.spawn(process.execPath, [fixturePath('sleeper')], { stdio: 'ignore' });
    const b = h.manager.spawn(process.execPath, [fixturePath('ignore-term')], { stdio: 'ignore' });
    const c = h.manager.spawn(process.execPath, [fixturePath('sleeper')], { stdio: 'ignore' });
    await Promise.all([a.ready, b.ready, c.ready]);
    await holdRegistryLock();
    const report = await a.kill({ graceMs: 1000 });
    expect(report.survivors).toEqual([]);
    expect(isAlive(a.pid)).toBe(false);
    const reports = await h.manager.killAll({ graceMs: 100 });
    expect(reports.every((r) => r.survivors.length === 0)).toBe(true);
    for (const child of [b, c]) expect(isAlive(child.pid)).toBe(false);
    expect(h.manager.list()).toEqual([]);
    expect((await records()).map((r) => r.pid).sort()).toEqual([a.pid, b.pid, c.pid].sort());
    const closing = h.manager.shutdown();
    await releaseRegistryLock();
    await closing;
    expect(await records()).toEqual([]);
  });
});
