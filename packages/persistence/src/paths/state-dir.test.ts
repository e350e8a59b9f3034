import { chmod, chown, mkdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeStateDir, type StateDir } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureStateDir } from './state-dir';

let tmp: StateDir;
beforeEach(async () => {
  tmp = await makeStateDir('lifeline-persist-');
});
afterEach(() => tmp.cleanup());

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e) => e.code,
  );

describe('ensureStateDir', () => {
  it('creates the directory (and parents) 0700, whatever the umask', async () => {
    const dir = join(tmp.dir, 'a', 'b');
    const old = process.umask(0o000);
    try {
      await ensureStateDir(dir);
    } finally {
      process.umask(old);
    }
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    await ensureStateDir(dir); // idempotent
  });

  it('refuses a symlink', async () => {
    await mkdir(join(tmp.dir, 'real'), { mode: 0o700 });
    await symlink(join(tmp.dir, 'real'), join(tmp.dir, 'link'));
    await expect(ensureStateDir(join(tmp.dir, 'link'))).rejects.toMatchObject({
      code: 'ERR_STATE_SYMLINK',
      message: expect.stringMatching(/is a symlink/),
    });
  });

  it('refuses a file', async () => {
    await writeFile(join(tmp.dir, 'file'), 'x');
    expect(await code(ensureStateDir(join(tmp.dir, 'file')))).toBe('ERR_STATE_NOT_DIR');
  });

  it("refuses another user's directory", async () => {
    const dir = join(tmp.dir, 'theirs');
    await mkdir(dir, { mode: 0o700 });
    await chown(dir, 12345, 12345);
    await expect(ensureStateDir(dir)).rejects.toMatchObject({
      code: 'ERR_STATE_PERMISSIONS',
      message: expect.stringMatching(/owned by uid 12345/),
    });
  });

  it('refuses a group- or world-writable directory', async () => {
    const dir = join(tmp.dir, 'open');
    await mkdir(dir);
    await chmod(dir, 0o777);
    await expect(ensureStateDir(dir)).rejects.toMatchObject({
      code: 'ERR_STATE_PERMISSIONS',
      message: expect.stringMatching(/writable by group or others \(mode 777\)/),
    });
  });

  it('accepts an existing 0755 directory of ours (a Script Kit install) without changing it', async () => {
    const dir = join(tmp.dir, 'kit');
    await mkdir(dir);
    await chmod(dir, 0o755);
    await ensureStateDir(dir);
    expect((await stat(dir)).mode & 0o777).toBe(0o755);
  });

  // Node 20's recursive mkdir never settles under /proc: these must be refused before mkdir.
  it.each(['/proc/lifeline-test/state', '/proc', '/sys/lifeline-test', '/proc/self/lifeline'])(
    'refuses %s (a kernel pseudo-file system) with a typed error',
    async (dir) => {
      await expect(ensureStateDir(dir)).rejects.toMatchObject({
        code: 'ERR_INVALID_OPTION',
        path: dir,
        message: expect.stringMatching(/is under \/(proc|sys), a kernel pseudo-file system/),
      });
    },
  );

  it('refuses a path that leads into /proc through a symlink', async () => {
    await symlink('/proc/self', join(tmp.dir, 'into-proc'));
    await expect(ensureStateDir(join(tmp.dir, 'into-proc', 'state'))).rejects.toMatchObject({
      code: 'ERR_INVALID_OPTION',
      message: expect.stringMatching(/is under \/proc/),
    });
  });

  it('accepts a directory whose name merely starts like /proc', async () => {
    const dir = join(tmp.dir, 'proc', 'sys');
    await ensureStateDir(dir);
    expect((await stat(dir)).isDirectory()).toBe(true);
  });

  it('refuses an empty path', async () => {
    expect(await code(ensureStateDir(''))).toBe('ERR_INVALID_OPTION');
  });
});
