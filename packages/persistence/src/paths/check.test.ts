import { execFileSync } from 'node:child_process';
import { closeSync, writeSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeStateDir, type StateDir } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkLayout, openLayout } from './check';
import { resolveLayout } from './layout';
import { prepareLogFile } from './log-file';
import { ensureStateDir } from './state-dir';

let tmp: StateDir;
let real: string;
let link: string;
beforeEach(async () => {
  tmp = await makeStateDir('lifeline-paths-');
  real = join(tmp.dir, 'real');
  link = join(tmp.dir, 'link');
  await mkdir(real, { mode: 0o700 });
  await symlink(real, link);
});
afterEach(() => tmp.cleanup());

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e) => e.code,
  );

describe('resolveLayout normalises the state directory once', () => {
  it.each(['x/', 'x/.', 'x/./', 'y/../x', 'x//'])('%s → x (option and LIFELINE_HOME)', (given) => {
    const expected = join('/tmp', 'x');
    expect(resolveLayout({ stateDir: `/tmp/${given}` }).stateDir).toBe(expected);
    expect(resolveLayout({ env: { LIFELINE_HOME: `/tmp/${given}` } }).registryFile).toBe(
      `${expected}/active-pids.json`,
    );
  });
});

describe('openLayout / checkLayout', () => {
  it.each(['link', 'link/', 'link/.', 'real/../link/'])(
    'refuses a symlinked state directory given as %s, through the option and LIFELINE_HOME, before reading anything',
    async (given) => {
      await writeFile(join(real, 'active-pids.json'), '[]');
      const stateDir = `${tmp.dir}/${given}`;
      expect(await code(openLayout({ stateDir }))).toBe('ERR_STATE_SYMLINK');
      expect(await code(openLayout({ env: { LIFELINE_HOME: stateDir } }))).toBe('ERR_STATE_SYMLINK');
      expect(await code(openLayout({ stateDir, create: true }))).toBe('ERR_STATE_SYMLINK');
      expect(await code(ensureStateDir(stateDir))).toBe('ERR_STATE_SYMLINK');
    },
  );

  it('refuses a state directory reached through a symlinked parent (its real path differs)', async () => {
    await mkdir(join(real, 'state'), { mode: 0o700 });
    const error = await openLayout({ stateDir: join(link, 'state') }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'ERR_STATE_SYMLINK',
      message: expect.stringContaining(`real path is ${real}/state`),
    });
    expect(await code(ensureStateDir(join(link, 'state')))).toBe('ERR_STATE_SYMLINK');
  });

  it('read-only use of a missing directory creates nothing', async () => {
    const stateDir = join(tmp.dir, 'absent', 'deeper');
    const layout = await openLayout({ stateDir });
    expect(layout).toMatchObject({ stateDir, exists: false });
    expect((await readdir(tmp.dir)).sort()).toEqual(['link', 'real']);
  });

  it('create: makes the directory 0700 and passes', async () => {
    const layout = await openLayout({ stateDir: join(tmp.dir, 'new'), create: true });
    expect(layout.exists).toBe(true);
    expect((await stat(layout.stateDir)).mode & 0o777).toBe(0o700);
  });

  it.each([
    ['registryFile', 'a file'],
    ['pidFile', 'a file'],
    ['logsDir', 'a directory'],
    ['logFile', 'a file'],
    ['ownersDir', 'a directory'],
  ] as const)('refuses a symlink as %s (to %s elsewhere), leaving the target alone', async (entry, kind) => {
    const layout = resolveLayout({ stateDir: real });
    const target = join(tmp.dir, 'elsewhere');
    if (kind === 'a file') await writeFile(target, 'theirs');
    else await mkdir(target);
    if (entry === 'logFile') await mkdir(layout.logsDir, { mode: 0o700 });
    await symlink(target, layout[entry]);
    expect(await code(checkLayout(layout))).toBe('ERR_STATE_SYMLINK');
    expect(await code(openLayout({ stateDir: real }))).toBe('ERR_STATE_SYMLINK');
    if (kind === 'a file') expect(await readFile(target, 'utf8')).toBe('theirs');
  });

  it('refuses a group-writable state directory and a directory in place of a state file', async () => {
    const layout = resolveLayout({ stateDir: real });
    await mkdir(layout.registryFile);
    expect(await code(checkLayout(layout))).toBe('ERR_CORRUPT_STATE');
    await chmod(real, 0o770);
    expect(await code(checkLayout(layout))).toBe('ERR_STATE_PERMISSIONS');
  });
});

describe('prepareLogFile', () => {
  it('creates logs/ 0700 and the file 0600 whatever the umask, and appends', async () => {
    const layout = resolveLayout({ stateDir: real });
    const old = process.umask(0o000);
    let fd: number;
    try {
      fd = prepareLogFile(layout).fd;
    } finally {
      process.umask(old);
    }
    writeSync(fd, 'one\n');
    closeSync(fd);
    const again = prepareLogFile(layout);
    writeSync(again.fd, 'two\n');
    closeSync(again.fd);
    expect((await stat(layout.logsDir)).mode & 0o777).toBe(0o700);
    expect((await stat(layout.logFile)).mode & 0o777).toBe(0o600);
    expect(await readFile(layout.logFile, 'utf8')).toBe('one\ntwo\n');
  });

  it('tightens an older logs/ 0755 and file 0644', async () => {
    const layout = resolveLayout({ stateDir: real });
    await mkdir(layout.logsDir, { mode: 0o755 });
    await chmod(layout.logsDir, 0o755);
    await writeFile(layout.logFile, 'old\n', { mode: 0o644 });
    await chmod(layout.logFile, 0o644);
    closeSync(prepareLogFile(layout).fd);
    expect((await stat(layout.logsDir)).mode & 0o777).toBe(0o700);
    expect((await stat(layout.logFile)).mode & 0o777).toBe(0o600);
  });

  it('never writes through a symlinked logs/ or log file', async () => {
    const layout = resolveLayout({ stateDir: real });
    const outside = join(tmp.dir, 'outside');
    await mkdir(outside);
    await symlink(outside, layout.logsDir);
    expect(() => prepareLogFile(layout)).toThrow(expect.objectContaining({ code: 'ERR_STATE_SYMLINK' }));
    expect(await readdir(outside)).toEqual([]);

    const other = resolveLayout({ stateDir: join(tmp.dir, 'other') });
    await mkdir(other.logsDir, { recursive: true, mode: 0o700 });
    const victim = join(outside, 'victim.txt');
    await writeFile(victim, 'theirs');
    await symlink(victim, other.logFile);
    expect(() => prepareLogFile(other)).toThrow(expect.objectContaining({ code: 'ERR_STATE_SYMLINK' }));
    expect(await readFile(victim, 'utf8')).toBe('theirs');
  });

  it('refuses a FIFO at the log path without blocking', async () => {
    const layout = resolveLayout({ stateDir: real });
    await mkdir(layout.logsDir, { mode: 0o700 });
    execFileSync('mkfifo', [layout.logFile]);
    expect(() => prepareLogFile(layout)).toThrow(expect.objectContaining({ code: 'ERR_CORRUPT_STATE' }));
  });
});
