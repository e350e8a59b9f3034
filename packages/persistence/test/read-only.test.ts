import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, readlink, symlink, utimes, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { makeStateDir, type StateDir } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openOwners } from '../src/owners/owners';
import { checkLayout, openLayout } from '../src/paths/check';
import { resolveLayout } from '../src/paths/layout';
import { openPidFile } from '../src/pid-file/pid-file';
import { openRegistry } from '../src/registry/registry';
import type { StateLayout } from '../src/types';

let tmp: StateDir;
let layout: StateLayout;
beforeEach(async () => {
  tmp = await makeStateDir('lifeline-readonly-');
  layout = resolveLayout({ stateDir: join(tmp.dir, 'state') });
});
afterEach(() => tmp.cleanup());

/** Every entry under `root`: kind, mode, size, mtime, inode, and a content hash (files) or target (links). FIFOs are never opened. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string) => {
    for (const name of (await readdir(dir)).sort()) {
      const path = join(dir, name);
      const s = await lstat(path);
      const common = `mode=${(s.mode & 0o7777).toString(8)} mtime=${s.mtimeMs} ino=${s.ino}`;
      const key = relative(root, path);
      if (s.isSymbolicLink()) out[key] = `link -> ${await readlink(path)} ${common}`;
      else if (s.isDirectory()) {
        out[key] = `dir ${common}`;
        await walk(path);
      } else if (s.isFile()) {
        const hash = createHash('sha256')
          .update(await readFile(path))
          .digest('hex');
        out[key] = `file size=${s.size} sha256=${hash} ${common}`;
      } else out[key] = `${s.isFIFO() ? 'fifo' : 'other'} ${common}`;
    }
  };
  await walk(root);
  return out;
}

const record = (pid: number) => ({ pid, script_path: `/s/${pid}.ts`, started_at: '2024-01-15T10:30:00.000Z' });

/** A state directory with something wrong in every file: what `ps`/`status`/`doctor`/`cleanup --dry-run` meet. */
async function corruptStateDir(): Promise<void> {
  await mkdir(layout.ownersDir, { recursive: true, mode: 0o700 });
  await mkdir(layout.logsDir, { mode: 0o700 });
  await writeFile(layout.logFile, '{"event":"started"}\n', { mode: 0o600 });
  // Registry: one good record, one bad one, and a torn tail.
  await writeFile(
    layout.registryFile,
    `[${JSON.stringify(record(4101))},${JSON.stringify({ ...record(4102), pid: 0 })},{"pid":`,
  );
  await writeFile(layout.pidFile, 'garbage\n');
  // A crashed writer's temp file and a dead holder's lock: only a writer may sweep or break them.
  await writeFile(join(layout.stateDir, '.active-pids.json.tmp-1-abcd1234'), '[]');
  await writeFile(`${layout.registryFile}.lock`, '{"pid":2,"hostname":"x"}');
  await openOwners(layout.ownersDir).write({ id: 'll-good', pid: 4242, started_at: '2024-01-15T10:30:00.000Z' });
  execFileSync('mkfifo', [join(layout.ownersDir, 'll-fifo.json')]);
  await mkdir(join(layout.ownersDir, 'll-dir.json'));
  await symlink(join(layout.ownersDir, 'll-good.json'), join(layout.ownersDir, 'll-link.json'));
  await writeFile(join(layout.ownersDir, 'll-torn.json'), '{"id":');
  // Old mtimes, so a rewrite within the same millisecond still shows.
  const then = new Date('2024-01-01T00:00:00Z');
  const lock = `${layout.registryFile}.lock`;
  for (const path of [
    layout.registryFile,
    layout.pidFile,
    layout.logFile,
    lock,
    join(layout.ownersDir, 'll-good.json'),
  ]) {
    await utimes(path, then, then);
  }
}

describe('read-only mode changes no file (a file-tree snapshot before and after)', () => {
  it('reports every corruption, names the command that repairs it, and leaves the tree byte for byte', async () => {
    await corruptStateDir();
    const before = await snapshot(tmp.dir);

    expect(await openLayout({ stateDir: layout.stateDir })).toMatchObject({ exists: true });
    expect(await checkLayout(layout)).toEqual({ exists: true });

    const registry = openRegistry({ path: layout.registryFile, readOnly: true });
    for (let i = 0; i < 2; i++) {
      const loaded = await registry.load();
      expect(loaded.records).toEqual([record(4101)]);
      expect(loaded.corruption).toMatchObject({
        path: layout.registryFile,
        quarantinedTo: '',
        salvaged: 1,
        dropped: 1,
        repair: 'lifeline cleanup',
        reason: expect.stringMatching(/not valid JSON.*record 1: pid/),
      });
    }
    await expect(registry.add(record(4103))).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    await expect(registry.remove(4101)).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    await expect(registry.removeMany([4101])).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    await registry.close();

    const pidFile = openPidFile(layout.pidFile, { readOnly: true });
    expect(await pidFile.inspect()).toEqual({
      holder: null,
      corruption: {
        path: layout.pidFile,
        quarantinedTo: '',
        reason: 'line 1 must be a pid, got "garbage"',
        salvaged: 0,
        dropped: 1,
        code: 'ERR_CORRUPT_STATE',
        repair: 'lifeline cleanup',
      },
    });
    await expect(pidFile.read()).rejects.toMatchObject({ code: 'ERR_CORRUPT_STATE' });
    expect(await pidFile.isStale()).toBe(true);
    await expect(pidFile.write({ pid: process.pid })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    await expect(pidFile.acquire({ pid: process.pid })).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    await expect(pidFile.remove()).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });

    const scanned = await openOwners(layout.ownersDir, { readOnly: true }).scan();
    expect(scanned.owners.map((o) => o.id)).toEqual(['ll-good']);
    expect(scanned.problems.map((p) => [relative(layout.ownersDir, p.path), p.quarantinedTo, p.repair])).toEqual([
      ['ll-dir.json', '', 'lifeline cleanup'],
      ['ll-fifo.json', '', 'lifeline cleanup'],
      ['ll-link.json', '', 'lifeline cleanup'],
      ['ll-torn.json', '', 'lifeline cleanup'],
    ]);

    expect(await snapshot(tmp.dir)).toEqual(before);
  });

  it('the snapshot sees a repair (so the test above can fail): a writable load quarantines and rewrites', async () => {
    await corruptStateDir();
    const before = await snapshot(tmp.dir);
    const loaded = await openRegistry({ path: layout.registryFile, staleMs: 2000 }).load();
    expect(loaded.corruption?.quarantinedTo).toMatch(/\.corrupt-/);
    expect(await snapshot(tmp.dir)).not.toEqual(before);
  });

  it('read-only use of a state directory that does not exist creates nothing', async () => {
    const absent = resolveLayout({ stateDir: join(tmp.dir, 'absent') });
    const before = await snapshot(tmp.dir);
    expect(await openLayout({ stateDir: absent.stateDir })).toMatchObject({ exists: false });
    expect(await openRegistry({ path: absent.registryFile, readOnly: true }).load()).toEqual({ records: [] });
    expect(await openPidFile(absent.pidFile, { readOnly: true }).inspect()).toEqual({ holder: null });
    expect(await openOwners(absent.ownersDir, { readOnly: true }).scan()).toEqual({ owners: [], problems: [] });
    expect(await snapshot(tmp.dir)).toEqual(before);
  });
});
