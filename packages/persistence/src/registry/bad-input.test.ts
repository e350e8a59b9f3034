import { mkdir, open, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeStateDir, type StateDir } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { faultyFs } from '../../test/helpers/faulty-fs';
import { MAX_STATE_BYTES } from '../files/read-capped';
import type { CorruptionReport, ProcessRecord } from '../types';
import { openRegistry } from './registry';

let tmp: StateDir;
let path: string;
beforeEach(async () => {
  tmp = await makeStateDir('lifeline-persist-');
  path = join(tmp.dir, 'active-pids.json');
});
afterEach(() => tmp.cleanup());

const rec = (pid: number): ProcessRecord => ({ pid, script_path: `/s/${pid}.ts`, started_at: '2024-01-15T10:30:00Z' });
const good = JSON.stringify([rec(10), rec(11)], null, 2);
const quarantined = async () => (await readdir(tmp.dir)).filter((n) => n.includes('.corrupt-'));

/** Loads `content` and checks the common contract: quarantined (never deleted), reported, valid records kept. */
async function loadBad(content: string | Buffer): Promise<{ records: ProcessRecord[]; corruption: CorruptionReport }> {
  await writeFile(path, content);
  const registry = openRegistry({ path });
  const result = await registry.load();
  expect(result.corruption).toBeDefined();
  const corruption = result.corruption as CorruptionReport;
  expect(corruption.path).toBe(path);
  expect(corruption.quarantinedTo).toMatch(/active-pids\.json\.corrupt-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z$/);
  expect(await readFile(corruption.quarantinedTo)).toEqual(Buffer.from(content));
  for (const r of result.records) expect(Number.isInteger(r.pid) && r.pid > 1).toBe(true);
  // The live file is valid again, and a second load reports nothing new.
  expect(await registry.load()).toEqual({ records: result.records });
  return { records: result.records, corruption };
}

describe('registry bad input', () => {
  it('empty file', async () => {
    const { records, corruption } = await loadBad('');
    expect(records).toEqual([]);
    expect(corruption.reason).toMatch(/empty/);
  });

  it('truncated JSON: the complete records are salvaged', async () => {
    const { records, corruption } = await loadBad(good.slice(0, good.length - 20));
    expect(records).toEqual([rec(10)]);
    expect(corruption).toMatchObject({ salvaged: 1, code: 'ERR_CORRUPT_STATE' });
    expect(corruption.reason).toMatch(/not valid JSON/);
  });

  it('an object instead of an array', async () => {
    const { corruption } = await loadBad('{"hello": "world"}');
    expect(corruption.reason).toMatch(/expected a JSON array of records, got an object/);
  });

  it('records with pid 0, 1, -1, 2^53, "12", null are dropped; the rest kept', async () => {
    const bad = [0, 1, -1, 2 ** 53, '12', null].map((pid) => ({ ...rec(2), pid }));
    const { records, corruption } = await loadBad(JSON.stringify([rec(10), ...bad, null, rec(11)]));
    expect(records).toEqual([rec(10), rec(11)]);
    expect(corruption).toMatchObject({ salvaged: 2, dropped: 7 });
    expect(corruption.reason).toMatch(/record 1: pid: must be an integer > 1, got 0/);
  });

  it(`a 50 MB file is moved aside unread with ERR_TOO_LARGE (cap ${MAX_STATE_BYTES} bytes)`, async () => {
    const handle = await open(path, 'w');
    await handle.truncate(50 * 1024 * 1024); // sparse: cheap to create
    await handle.close();
    const registry = openRegistry({ path });
    const result = await registry.load();
    expect(result.records).toEqual([]);
    expect(result.corruption).toMatchObject({ code: 'ERR_TOO_LARGE', salvaged: 0 });
    expect(result.corruption?.reason).toMatch(/52428800 bytes, over the 16777216-byte limit/);
    expect((await stat(result.corruption?.quarantinedTo as string)).size).toBe(50 * 1024 * 1024);
  });

  it('deeply nested JSON', async () => {
    const { records } = await loadBad(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(records).toEqual([]);
  });

  it('binary garbage', async () => {
    const { records, corruption } = await loadBad(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256)));
    expect(records).toEqual([]);
    expect(corruption.reason).toMatch(/not valid UTF-8/);
  });

  it('invalid UTF-8 inside a record is corruption: that record is dropped (no U+FFFD kept), the others salvaged', async () => {
    const line = (pid: number) =>
      JSON.stringify({ pid, script_path: `/s/${pid}.ts`, started_at: '2024-01-15T10:30:00Z' });
    const bytes = Buffer.concat([
      Buffer.from(`[${line(101)},{"pid":102,"script_path":"/s/`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`.ts","started_at":"2024-01-15T10:30:00Z"},${line(103)}]`),
    ]);
    const { records, corruption } = await loadBad(bytes);
    expect(records.map((r) => r.pid)).toEqual([101, 103]);
    expect(JSON.stringify(records)).not.toContain('\uFFFD');
    expect(corruption).toMatchObject({ salvaged: 2, dropped: 1, code: 'ERR_CORRUPT_STATE' });
    expect(corruption.reason).toMatch(/not valid UTF-8 \(first bad byte at offset \d+\)/);
    expect(await readFile(corruption.quarantinedTo)).toEqual(bytes);
  });

  it('a symlink to another file is refused and the target untouched', async () => {
    const target = join(tmp.dir, 'elsewhere.json');
    await writeFile(target, good);
    await symlink(target, path);
    const registry = openRegistry({ path });
    await expect(registry.load()).rejects.toMatchObject({
      code: 'ERR_STATE_SYMLINK',
      message: expect.stringMatching(/symlink/),
    });
    await expect(registry.add(rec(12))).rejects.toMatchObject({ code: 'ERR_STATE_SYMLINK' });
    expect(await readFile(target, 'utf8')).toBe(good);
    expect((await readdir(tmp.dir)).sort()).toEqual(['active-pids.json', 'elsewhere.json']);
  });

  it('a directory in place of the file is refused, not touched', async () => {
    await mkdir(path);
    const registry = openRegistry({ path });
    await expect(registry.load()).rejects.toMatchObject({
      code: 'ERR_CORRUPT_STATE',
      message: expect.stringMatching(/is a directory/),
    });
    await expect(registry.add(rec(12))).rejects.toMatchObject({ code: 'ERR_CORRUPT_STATE' });
    expect((await stat(path)).isDirectory()).toBe(true);
  });

  it.each([
    ['create', 'EACCES', 'ERR_STATE_PERMISSIONS'],
    ['create', 'EROFS', 'ERR_STATE_PERMISSIONS'],
    ['write', 'ENOSPC', 'ERR_NO_SPACE'],
    ['sync', 'EIO', 'ERR_WRITE_FAILED'],
  ] as const)(
    '%s failing with %s gives %s; the previous file survives and the next commit works',
    async (point, errno, code) => {
      await writeFile(path, good);
      const fs = faultyFs();
      const registry = openRegistry({ path, fs });
      fs.fail(point, errno);
      await expect(Promise.all([registry.add(rec(12)), registry.add(rec(13))])).rejects.toMatchObject({ code });
      expect(await readFile(path, 'utf8')).toBe(good);
      // No temp file and no lock file (nor a lock's temp, `<file>.lock.new-*`) is left behind.
      expect(await readdir(tmp.dir)).toEqual(['active-pids.json']);
      expect(await registry.list()).toEqual([rec(10), rec(11)]);
      fs.fail(null);
      await registry.add(rec(14));
      expect((await registry.list()).map((r) => r.pid)).toEqual([10, 11, 14]);
    },
  );

  it('an unwritable state directory (mkdir EACCES) is a typed error', async () => {
    const fs = faultyFs();
    fs.fail('mkdir', 'EACCES');
    const registry = openRegistry({ path: join(tmp.dir, 'sub', 'active-pids.json'), fs });
    await expect(registry.add(rec(10))).rejects.toMatchObject({ code: 'ERR_STATE_PERMISSIONS' });
  });

  it('corruption found by a commit is reported to onCorruption and by the next load', async () => {
    await writeFile(path, '[{"pid": 10, "script_path": "/a", "started_at": "2024-01-15T10:30:00Z"}, {"pid"');
    const seen: CorruptionReport[] = [];
    const registry = openRegistry({ path, onCorruption: (r) => seen.push(r) });
    await registry.add(rec(11));
    expect(seen).toHaveLength(1);
    const result = await registry.load();
    expect(result.records.map((r) => r.pid)).toEqual([10, 11]);
    expect(result.corruption).toEqual(seen[0]);
    expect(await quarantined()).toHaveLength(1);
  });

  it('successive corruptions each keep their own quarantined copy', async () => {
    const registry = openRegistry({ path });
    await writeFile(path, 'garbage one');
    await registry.load();
    await writeFile(path, 'garbage two');
    await registry.load();
    const files = await quarantined();
    expect(files).toHaveLength(2);
    const contents = await Promise.all(files.map((f) => readFile(join(tmp.dir, f), 'utf8')));
    expect(contents.sort()).toEqual(['garbage one', 'garbage two']);
  });
});

describe('registry state directory checks', () => {
  it('refuses to write into a group/world-writable directory', async () => {
    const { chmod } = await import('node:fs/promises');
    const dir = join(tmp.dir, 'open');
    await mkdir(dir);
    await chmod(dir, 0o777);
    const registry = openRegistry({ path: join(dir, 'active-pids.json') });
    await expect(registry.add(rec(10))).rejects.toMatchObject({ code: 'ERR_STATE_PERMISSIONS' });
    expect(await readdir(dir)).toEqual([]);
  });
});
