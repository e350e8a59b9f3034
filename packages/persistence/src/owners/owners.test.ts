import { execFileSync } from 'node:child_process';
import { mkdir, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeStateDir, type StateDir } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { faultyFs } from '../../test/helpers/faulty-fs';
import type { CorruptionReport, OwnerInfo } from '../types';
import { openOwners } from './owners';

let tmp: StateDir;
let dir: string;
beforeEach(async () => {
  tmp = await makeStateDir('lifeline-persist-');
  dir = join(tmp.dir, 'owners');
});
afterEach(() => tmp.cleanup());

const info = (id: string, pid = 4242): OwnerInfo => ({
  id,
  pid,
  started_at: '2024-01-15T10:30:00.000Z',
  name: 'launcher',
});

describe('openOwners', () => {
  it('writes one 0600 file per owner in a 0700 dir; reads, lists, removes', async () => {
    const owners = openOwners(dir);
    await owners.write(info('ll-a'));
    await owners.write(info('ll-b', 4343));
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dir, 'll-a.json'))).mode & 0o777).toBe(0o600);
    expect(await owners.read('ll-a')).toEqual(info('ll-a'));
    expect(await owners.list()).toEqual([info('ll-a'), info('ll-b', 4343)]);
    expect(await owners.remove('ll-a')).toBe(true);
    expect(await owners.remove('ll-a')).toBe(false);
    expect(await owners.read('ll-a')).toBeNull();
  });

  it('keeps the owner cgroup (optional: files without it stay valid)', async () => {
    const owners = openOwners(dir);
    const contained = { ...info('ll-c'), cgroup: '/sys/fs/cgroup/unified/lifeline-ll-c' };
    await owners.write(contained);
    await owners.write(info('ll-d'));
    expect(await owners.read('ll-c')).toEqual(contained);
    expect(await owners.read('ll-d')).toEqual(info('ll-d'));
    await expect(owners.write({ ...info('ll-e'), cgroup: 5 as never })).rejects.toThrow(/cgroup/);
  });

  it('an absent dir lists as empty', async () => {
    expect(await openOwners(dir).list()).toEqual([]);
  });

  it('refuses ids that are not safe file names and invalid info', async () => {
    const owners = openOwners(dir);
    for (const id of ['../x', 'a/b', '', '.hidden', 'x'.repeat(200)]) {
      await expect(owners.write(info(id))).rejects.toMatchObject({
        code: expect.stringMatching(/ERR_INVALID_(OPTION|RECORD)/),
      });
    }
    await expect(owners.write(info('ok', 1))).rejects.toMatchObject({ code: 'ERR_INVALID_RECORD' });
  });

  it('moves a corrupt owner file aside and reports it', async () => {
    const seen: CorruptionReport[] = [];
    const owners = openOwners(dir, { onCorruption: (r) => seen.push(r) });
    await owners.write(info('ll-a'));
    await writeFile(join(dir, 'll-bad.json'), '{"id": "ll-bad", "pid": 0');
    expect(await owners.list()).toEqual([info('ll-a')]);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.reason).toMatch(/not valid JSON/);
    expect((await readdir(dir)).some((n) => n.startsWith('ll-bad.json.corrupt-'))).toBe(true);
  });
});

describe('openOwners: every entry judged on its own', () => {
  async function plantBadEntries(): Promise<void> {
    await openOwners(dir).write(info('ll-good'));
    execFileSync('mkfifo', [join(dir, 'll-fifo.json')]);
    await mkdir(join(dir, 'll-dir.json'));
    await symlink(join(dir, 'll-good.json'), join(dir, 'll-link.json'));
    await writeFile(join(dir, 'll-torn.json'), '{"id":"ll-torn","pid":');
    await writeFile(join(dir, 'll-bytes.json'), Buffer.from([0x7b, 0xff, 0x7d]));
  }

  it('a FIFO, a directory, a symlink and bad content named *.json are reported and moved aside; the rest are used', async () => {
    await plantBadEntries();
    const seen: CorruptionReport[] = [];
    const scanned = await openOwners(dir, { onCorruption: (r) => seen.push(r) }).scan();
    expect(scanned.owners).toEqual([info('ll-good')]);
    const byName = Object.fromEntries(scanned.problems.map((p) => [p.path.slice(dir.length + 1), p]));
    expect(Object.keys(byName).sort()).toEqual([
      'll-bytes.json',
      'll-dir.json',
      'll-fifo.json',
      'll-link.json',
      'll-torn.json',
    ]);
    expect(byName['ll-link.json']).toMatchObject({
      code: 'ERR_STATE_SYMLINK',
      reason: expect.stringMatching(/symlink/),
    });
    expect(byName['ll-fifo.json']).toMatchObject({
      code: 'ERR_CORRUPT_STATE',
      reason: expect.stringMatching(/a FIFO/),
    });
    expect(byName['ll-dir.json']?.reason).toMatch(/a directory/);
    expect(byName['ll-torn.json']?.reason).toMatch(/not valid JSON/);
    expect(byName['ll-bytes.json']?.reason).toMatch(/not valid UTF-8/);
    for (const problem of scanned.problems) expect(problem.quarantinedTo).toMatch(/\.json\.corrupt-/);
    expect(seen).toEqual(scanned.problems);
    // Moved aside: the next scan is clean, and the good owner (the symlink's target) is intact.
    expect(await openOwners(dir).scan()).toEqual({ owners: [info('ll-good')], problems: [] });
    expect(await openOwners(dir).list()).toEqual([info('ll-good')]);
  });

  it('read-only: the same problems, nothing moved, and the repair command named', async () => {
    await plantBadEntries();
    const before = (await readdir(dir)).sort();
    const owners = openOwners(dir, { readOnly: true });
    const scanned = await owners.scan();
    expect(scanned.owners).toEqual([info('ll-good')]);
    expect(scanned.problems).toHaveLength(5);
    for (const problem of scanned.problems)
      expect(problem).toMatchObject({ quarantinedTo: '', repair: 'lifeline cleanup' });
    expect((await readdir(dir)).sort()).toEqual(before);
    await expect(owners.write(info('ll-new'))).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    await expect(owners.remove('ll-good')).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
  });

  it('an owners/ that cannot be read is an error, never "no owners"', async () => {
    await writeFile(dir, 'not a directory');
    await expect(openOwners(dir).scan()).rejects.toMatchObject({ code: 'ERR_STATE_NOT_DIR' });
    await expect(openOwners(dir).list()).rejects.toMatchObject({ code: 'ERR_STATE_NOT_DIR' });
    await rm(dir);
    await mkdir(dir);
    const fs = faultyFs();
    fs.fail('readdir', 'EACCES');
    await expect(openOwners(dir, { fs }).scan()).rejects.toMatchObject({ code: 'ERR_STATE_PERMISSIONS' });
    await expect(openOwners(join(tmp.dir, 'absent')).scan()).resolves.toEqual({ owners: [], problems: [] });
  });

  it('a symlinked owners/ is refused', async () => {
    const elsewhere = join(tmp.dir, 'elsewhere');
    await openOwners(elsewhere).write(info('ll-x'));
    await symlink(elsewhere, dir);
    await expect(openOwners(dir).scan()).rejects.toMatchObject({ code: 'ERR_STATE_SYMLINK' });
  });
});
