import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeStateDir, type StateDir } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProcessRecord } from '../types';
import { openRegistry } from './registry';

let tmp: StateDir;
let path: string;
beforeEach(async () => {
  tmp = await makeStateDir('lifeline-persist-');
  path = join(tmp.dir, 'state', 'active-pids.json');
});
afterEach(() => tmp.cleanup());

const rec = (pid: number, extra: Partial<ProcessRecord> = {}): ProcessRecord => ({
  pid,
  script_path: `/s/${pid}.ts`,
  started_at: '2024-01-15T10:30:00.000Z',
  ...extra,
});

describe('openRegistry', () => {
  it('8 concurrent adds share one commit and one fsync', async () => {
    const registry = openRegistry({ path });
    await Promise.all(Array.from({ length: 8 }, (_, i) => registry.add(rec(100 + i))));
    expect(registry.stats).toEqual({ ops: 8, commits: 1, fsyncs: 1, dirFsyncs: 1 });
    expect((await registry.list()).map((r) => r.pid)).toEqual([100, 101, 102, 103, 104, 105, 106, 107]);
  });

  it('writes a pretty-printed array Script Kit reads (pid, script_path, started_at in every record), 0600', async () => {
    const registry = openRegistry({ path });
    await registry.add(rec(10, { pgid: 10, start_time: '4242', boot_id: 'b', owner: { id: 'own', pid: 5 } }));
    const text = await readFile(path, 'utf8');
    expect(text).toBe(
      `${JSON.stringify([rec(10, { pgid: 10, start_time: '4242', boot_id: 'b', owner: { id: 'own', pid: 5 } })], null, 2)}\n`,
    );
    for (const r of JSON.parse(text))
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['pid', 'script_path', 'started_at']));
    const { mode } = await import('node:fs/promises').then((fs) => fs.stat(path));
    expect(mode & 0o777).toBe(0o600);
  });

  it('reads a file written by Script Kit as-is, extra fields included, and keeps them on rewrite', async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(tmp.dir, 'state'), { mode: 0o700 });
    const kit = [
      { pid: 12345, script_path: '/Users/john/.scriptkit/scripts/hello.ts', started_at: '2024-01-15T10:30:00Z' },
      { pid: 12346, script_path: '/x.ts', started_at: '2024-01-15T10:31:00.123456789Z', future_field: 'kept' },
    ];
    await writeFile(path, JSON.stringify(kit, null, 2));
    const registry = openRegistry({ path });
    expect(await registry.load()).toEqual({ records: kit });
    await registry.add(rec(20));
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual([...kit, rec(20)]);
  });

  it('keeps a record’s output paths; records without them still load; a bad output is refused', async () => {
    const registry = openRegistry({ path });
    const captured = rec(30, { output: { stdout: '/s/logs/runs/a.log', stderr: '/s/logs/runs/a.log' } });
    await registry.add(captured);
    await registry.add(rec(31));
    await registry.close();
    expect((await openRegistry({ path }).load()).records).toEqual([captured, rec(31)]);
    await expect(openRegistry({ path }).add(rec(32, { output: { stdout: 5 as never } }))).rejects.toThrow(/output/);
  });

  it('upserts by pid and removes with optional start_time / owner_id match', async () => {
    const registry = openRegistry({ path });
    await registry.add(rec(10, { start_time: '1', owner: { id: 'a', pid: 5 } }));
    await registry.add(rec(11));
    await registry.add(rec(10, { start_time: '2', owner: { id: 'a', pid: 5 } }));
    expect((await registry.list()).map((r) => [r.pid, r.start_time])).toEqual([
      [10, '2'],
      [11, undefined],
    ]);
    expect(await registry.remove(10, { start_time: '1' })).toBe(false);
    expect(await registry.remove(10, { owner_id: 'b' })).toBe(false);
    expect(await registry.remove(10, { start_time: '2', owner_id: 'a' })).toBe(true);
    expect(await registry.remove(10)).toBe(false);
    expect(await registry.removeMany([11, 12])).toBe(1);
    expect(await registry.list()).toEqual([]);
  });

  it('refuses invalid records and pids with a typed error, writing nothing', async () => {
    const registry = openRegistry({ path });
    for (const pid of [0, 1, -1, 2 ** 53, '12', null]) {
      await expect(registry.add({ ...rec(2), pid } as unknown as ProcessRecord)).rejects.toMatchObject({
        code: 'ERR_INVALID_RECORD',
        message: expect.stringMatching(/^invalid record: pid: /),
      });
    }
    await expect(registry.remove(1)).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    await expect(registry.removeMany([5, 0])).rejects.toMatchObject({
      message: 'pids[1] must be an integer > 1, got 0',
    });
    expect(registry.stats.commits).toBe(0);
    expect(() => openRegistry({ path: 'relative.json' })).toThrow(/absolute file path/);
  });

  it('a missing file is an empty registry, and load creates nothing', async () => {
    const registry = openRegistry({ path });
    expect(await registry.load()).toEqual({ records: [] });
    expect(await readdir(tmp.dir)).toEqual([]);
  });

  it('two registries on one file (as two processes would) never lose each other’s records', async () => {
    const a = openRegistry({ path });
    const b = openRegistry({ path });
    await Promise.all([
      ...Array.from({ length: 50 }, (_, i) => a.add(rec(1000 + i))),
      ...Array.from({ length: 50 }, (_, i) => b.add(rec(2000 + i))),
    ]);
    await Promise.all([a.removeMany([1000, 1001]), b.remove(2000)]);
    const pids = (await a.list()).map((r) => r.pid).sort((x, y) => x - y);
    expect(pids).toHaveLength(97);
    expect(pids).not.toContain(1000);
    expect(pids).not.toContain(2000);
  });

  it('flush and close', async () => {
    const registry = openRegistry({ path });
    void registry.add(rec(10));
    await registry.flush();
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual([rec(10)]);
    await registry.close();
    await expect(registry.add(rec(11))).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
  });

  it('flush waits for an add whose record the fast check left to zod (an unknown field)', async () => {
    const registry = openRegistry({ path });
    const odd = { ...rec(10), future: { v: 2 } };
    void registry.add(odd);
    await registry.flush();
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual([odd]);
    await registry.close();
  });

  it('removes temp files left by a crashed writer on its first commit', async () => {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(tmp.dir, 'state'), { mode: 0o700 });
    await writeFile(join(tmp.dir, 'state', '.active-pids.json.tmp-99999-deadbeef'), '[');
    const registry = openRegistry({ path });
    await registry.add(rec(10));
    expect(await readdir(join(tmp.dir, 'state'))).toEqual(['active-pids.json']);
  });
});
