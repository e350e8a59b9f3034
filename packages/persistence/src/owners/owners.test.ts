import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeStateDir, type StateDir } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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
