import { createHash } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OwnerInfo, ProcessRecord } from '@lifeline/persistence';
import { resolveLayout } from '@lifeline/persistence/layout';
import { describe, expect, it } from 'vitest';
import { useCliFrame } from './frame.js';
import { type CliResult, cli } from './helpers.js';

/** Every entry under `dir`: type, mode, size, mtime and a hash of the bytes. Any write changes it. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string) => {
    for (const name of (await readdir(join(dir, rel))).sort()) {
      const path = join(dir, rel, name);
      const info = await lstat(path);
      const kind = info.isDirectory() ? 'dir' : info.isFile() ? 'file' : 'other';
      const hash = info.isFile()
        ? createHash('sha256')
            .update(await readFile(path))
            .digest('hex')
            .slice(0, 16)
        : '';
      out[join(rel, name)] = `${kind} ${(info.mode & 0o777).toString(8)} ${info.size} ${info.mtimeMs} ${hash}`;
      if (info.isDirectory()) await walk(join(rel, name));
    }
  };
  out['.'] = `dir ${((await lstat(dir)).mode & 0o777).toString(8)} ${(await lstat(dir)).mtimeMs}`;
  await walk('');
  return out;
}

const DEAD_PID = 2 ** 31 - 3; // above any pid_max: never a process

/** A state directory a crash and a bad disk left behind: corrupt registry and owner file, a stale PID file. */
async function corruptState(dir: string, preset: 'lifeline' | 'scriptkit'): Promise<void> {
  const layout = resolveLayout({ stateDir: dir, preset });
  const good: ProcessRecord = {
    pid: 2 ** 31 - 2,
    script_path: '/scripts/gone.mjs',
    started_at: new Date().toISOString(),
    start_time: '1',
    owner: { id: 'dead-owner-1', pid: DEAD_PID, start_time: '1' },
  };
  // One valid record, one invalid (pid 1), and a trailing broken object: corrupt, partly salvageable.
  await writeFile(layout.registryFile, `[${JSON.stringify(good)}, {"pid": 1, "script_path": "init"}, {"pid": `);
  await writeFile(layout.pidFile, `${DEAD_PID}\n{"pid":${DEAD_PID},"start_time":"1","owner_id":"dead-owner-1"}\n`);
  await mkdir(layout.ownersDir, { recursive: true });
  const owner: OwnerInfo = { id: 'dead-owner-1', pid: DEAD_PID, start_time: '1', started_at: new Date().toISOString() };
  await writeFile(join(layout.ownersDir, 'dead-owner-1.json'), JSON.stringify(owner));
  await writeFile(join(layout.ownersDir, 'broken-owner.json'), '{"id": "broken-owner", "pid": ');
}

describe('read-only commands change no file', () => {
  const t = useCliFrame('cli-ro');

  for (const preset of ['lifeline', 'scriptkit'] as const) {
    it(`ps, ls, status, doctor, cleanup --dry-run and logs leave a corrupt ${preset} state directory byte for byte as it was`, async () => {
      await corruptState(t.dir, preset);
      const before = await snapshot(t.dir);
      const args = ['--state-dir', t.dir, '--layout', preset];
      const results: Array<CliResult & { command: string }> = [];
      for (const command of [
        ['ps'],
        ['ps', '--json'],
        ['ls', '--tree'],
        ['status'],
        ['status', '--json'],
        ['doctor'],
        ['cleanup', '--dry-run'],
        ['cleanup', '--dry-run', '--json'],
        ['logs'],
        ['logs', '--events'],
        ['kill', 'some-name'],
      ])
        results.push({ command: command.join(' '), ...(await cli([...args, ...command], { owner: t.owner })) });
      expect(await snapshot(t.dir)).toEqual(before);

      const by = (command: string) =>
        results.find((r) => r.command === command) ?? { code: -1, stdout: '', stderr: '' };
      // They still say what is wrong, and which command repairs it.
      expect(by('ps').code).toBe(0);
      expect(by('ps').stderr).toMatch(/is corrupt .*left unchanged — `lifeline cleanup` moves it aside/);
      expect(by('status').code).toBe(3);
      expect(by('status').stdout).toMatch(/unhealthy: stale PID file, corrupt registry/);
      expect(by('doctor').code).toBe(3);
      expect(by('doctor').stdout).toMatch(/FAIL\s+registry\s+.* is corrupt/);
      expect(by('doctor').stdout).toMatch(/run `lifeline cleanup`: it moves the file aside/);
      expect(by('cleanup --dry-run').code).toBe(0);
      expect(by('cleanup --dry-run').stdout).toMatch(/already-gone/);
      expect(by('cleanup --dry-run').stdout).toMatch(/would remove .*pid: its holder is gone/);
      const dry = JSON.parse(by('cleanup --dry-run --json').stdout) as { corruption?: { quarantinedTo: string } };
      expect(dry.corruption?.quarantinedTo).toBe('');

      // The one command that repairs does write: the registry moves aside, the stale files go.
      const repair = await cli([...args, 'cleanup'], { owner: t.owner });
      expect(repair.code, repair.stderr).toBe(0);
      expect((await readdir(t.dir)).some((f) => f.includes('.corrupt-'))).toBe(true);
    });
  }
});
