import { readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeStateDir, type StateDir } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { faultyFs } from '../../test/helpers/faulty-fs';
import { writeFileDurable } from './durable-write';

let tmp: StateDir;
beforeEach(async () => {
  tmp = await makeStateDir('lifeline-persist-');
});
afterEach(() => tmp.cleanup());

describe('writeFileDurable', () => {
  it('writes a 0600 file and leaves no temp file', async () => {
    const path = join(tmp.dir, 'f.json');
    await writeFileDurable(path, 'one');
    await writeFileDurable(path, 'two');
    expect(await readFile(path, 'utf8')).toBe('two');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readdir(tmp.dir)).toEqual(['f.json']);
  });

  it.each([
    ['create', 'EACCES', 'ERR_STATE_PERMISSIONS'],
    ['create', 'EROFS', 'ERR_STATE_PERMISSIONS'],
    ['write', 'ENOSPC', 'ERR_NO_SPACE'],
    ['write', 'EDQUOT', 'ERR_NO_SPACE'],
    ['sync', 'EIO', 'ERR_WRITE_FAILED'],
    ['rename', 'EACCES', 'ERR_STATE_PERMISSIONS'],
  ] as const)('%s failing with %s → %s, the previous file intact, no temp left', async (point, errno, expected) => {
    const path = join(tmp.dir, 'f.json');
    await writeFile(path, 'good');
    const fs = faultyFs();
    fs.fail(point, errno);
    await expect(writeFileDurable(path, 'new', { fs })).rejects.toMatchObject({
      name: 'PersistenceError',
      code: expected,
      message: expect.stringContaining(path),
    });
    expect(await readFile(path, 'utf8')).toBe('good');
    expect(await readdir(tmp.dir)).toEqual(['f.json']);
  });

  it('refuses to replace a symlink, leaving its target untouched', async () => {
    const target = join(tmp.dir, 'target');
    await writeFile(target, 'precious');
    await symlink(target, join(tmp.dir, 'link'));
    await expect(writeFileDurable(join(tmp.dir, 'link'), 'x')).rejects.toMatchObject({ code: 'ERR_STATE_SYMLINK' });
    expect(await readFile(target, 'utf8')).toBe('precious');
    expect((await readdir(tmp.dir)).sort()).toEqual(['link', 'target']);
  });
});
