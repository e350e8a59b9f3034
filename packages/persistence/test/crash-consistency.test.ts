import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRegistry } from '../src/registry/registry';
import { startNodeFixture } from './helpers/child';
import { useFixtureFrame } from './helpers/frame';

// Mirrors stateRecords() in fixtures/writer.mjs.
function stateRecords(s: number) {
  return Array.from({ length: (s % 20) + 1 }, (_, i) => ({
    pid: 10_000 + i,
    script_path: `/gen/${s}/${i}`,
    started_at: '2024-01-15T10:30:00.000Z',
  }));
}

const frame = useFixtureFrame('persist');
describe('crash consistency (needs dist: pnpm build first)', () => {
  it('a writer SIGKILLed at random moments always leaves the old or the new state', async () => {
    const path = join(frame.dir, 'active-pids.json');
    const kills = 30;
    let lastSeen = 0;
    for (let i = 0; i < kills; i++) {
      const writer = startNodeFixture('writer.mjs', [path], frame.owner);
      const ready = await writer.waitForMessage((m) => m.ready === true, 'ready');
      // The file a new writer starts from is exactly the state the last one got to.
      expect(ready.state).toBeGreaterThanOrEqual(lastSeen);
      await writer.waitForMessage((m) => typeof m.committed === 'number', 'its first commit');
      await new Promise((r) => setTimeout(r, Math.random() * 15)); // a random moment, not a readiness wait
      writer.child.kill('SIGKILL');
      const { signal } = await writer.exited;
      expect(signal).toBe('SIGKILL');
      const committed = writer.messages
        .filter((m) => typeof m.committed === 'number')
        .map((m) => m.committed as number);
      const last = committed.at(-1) as number;
      const onDisk = JSON.parse(await readFile(path, 'utf8'));
      // Durable means: everything it reported is on disk; atomic means: nothing in between.
      const acceptable = [stateRecords(last), stateRecords(last + 1)].map((s) => JSON.stringify(s));
      expect(acceptable).toContain(JSON.stringify(onDisk));
      lastSeen = onDisk[0].script_path === `/gen/${last}/0` ? last : last + 1;
      // The writer may have died holding the lock: the next writer (staleMs 10 s) finds its
      // holder dead and breaks it at once, or this loop would outlast the test's timeout.
    }
    // A fresh registry sweeps the temp files the killed writers left behind.
    const registry = openRegistry({ path });
    await registry.add({ pid: 99, script_path: '/x', started_at: '2024-01-15T10:30:00.000Z' });
    expect((await readdir(frame.dir)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('a lock left by a SIGKILLed holder without holder file is taken over after staleMs', async () => {
    const path = join(frame.dir, 'active-pids.json');
    const writer = startNodeFixture('writer.mjs', [path], frame.owner);
    await writer.waitForMessage((m) => typeof m.committed === 'number', 'its first commit');
    writer.child.kill('SIGKILL');
    await writer.exited;
    // Leave a lock without holder file (as an older version would), so only the mtime can free it.
    await rm(`${path}.lock`, { recursive: true, force: true });
    const { mkdir } = await import('node:fs/promises');
    await mkdir(`${path}.lock`);
    const registry = openRegistry({ path, staleMs: 2000 });
    await registry.add({ pid: 99, script_path: '/x', started_at: '2024-01-15T10:30:00.000Z' });
    expect((await registry.list()).some((r) => r.pid === 99)).toBe(true);
  });
});
