import { chown, lstat, mkdir, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { makeStateDir, type StateDir } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutputFile } from './output-file';

let tmp: StateDir;
beforeEach(async () => {
  tmp = await makeStateDir('lifeline-output-file-');
});
afterEach(() => tmp.cleanup());

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('createOutputFile', () => {
  it('creates logs/ and runs/ 0700 and a new empty 0600 file named after the child', async () => {
    const logs = join(tmp.dir, 'logs');
    const at = new Date('2026-12-02T05:10:11.123Z');
    const path = createOutputFile(logs, 'hello world/../x.ts', at);
    expect(dirname(path)).toBe(join(logs, 'runs'));
    expect(basename(path)).toMatch(/^hello_world_.._x\.ts-2026-12-02_05-10-11-123-\d+\.log$/);
    expect((await lstat(path)).isFile()).toBe(true);
    expect((await stat(path)).size).toBe(0);
    expect(await mode(path)).toBe(0o600);
    expect(await mode(logs)).toBe(0o700);
    expect(await mode(join(logs, 'runs'))).toBe(0o700);
  });

  it('never hands out one file twice, even in the same millisecond', async () => {
    const logs = join(tmp.dir, 'logs');
    const at = new Date();
    const paths = Array.from({ length: 20 }, () => createOutputFile(logs, 'same', at));
    expect(new Set(paths).size).toBe(20);
    expect((await readdir(join(logs, 'runs'))).length).toBe(20);
  });

  it('refuses a runs/ that is a symlink, and a logs dir that is a file', async () => {
    const logs = join(tmp.dir, 'logs');
    const elsewhere = join(tmp.dir, 'elsewhere');
    await mkdir(logs, { mode: 0o700 });
    await mkdir(elsewhere, { mode: 0o700 });
    await symlink(elsewhere, join(logs, 'runs'));
    expect(() => createOutputFile(logs, 'x')).toThrow(expect.objectContaining({ code: 'ERR_STATE_DIR' }));
    expect(await readdir(elsewhere)).toEqual([]);
    const file = join(tmp.dir, 'file');
    await writeFile(file, '');
    expect(() => createOutputFile(file, 'x')).toThrow(expect.objectContaining({ code: 'ERR_STATE_DIR' }));
  });

  it.skipIf(process.getuid?.() !== 0)('refuses a runs/ that belongs to another user (as root: chown)', async () => {
    const logs = join(tmp.dir, 'logs');
    await mkdir(join(logs, 'runs'), { recursive: true, mode: 0o700 });
    await chown(join(logs, 'runs'), 65534, 65534);
    expect(() => createOutputFile(logs, 'x')).toThrow(/belongs to uid 65534/);
    expect(await readdir(join(logs, 'runs'))).toEqual([]);
  });

  it('refuses bad arguments with ERR_INVALID_ARGUMENT', () => {
    expect(() => createOutputFile('', 'x')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    expect(() => createOutputFile(tmp.dir, '')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });
});
