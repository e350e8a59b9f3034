import { spawnSync } from 'node:child_process';
import { mkdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createManager } from '@lifeline/core';
import type { ProcessRecord } from '@lifeline/persistence';
import { resolveLayout } from '@lifeline/persistence/layout';
import { expectNoSurvivors, makeStateDir, newOwnerId, type StateDir, waitFor } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, startCli } from './helpers.js';

/** A child that prints one line to each stream, then waits to be ended. */
const PRINTER = "console.log('hello from %s'); console.error('%s on stderr'); setInterval(() => {}, 1 << 30)";
const printer = (name: string) => ['-e', PRINTER.replaceAll('%s', name)];

describe('lifeline logs reads the file a record names', () => {
  let owner: string;
  let state: StateDir;
  let layout: ReturnType<typeof resolveLayout>;
  beforeEach(async () => {
    owner = newOwnerId('cli-logs-rec');
    state = await makeStateDir();
    layout = resolveLayout({ stateDir: state.dir });
  });
  afterEach(async () => {
    await expectNoSurvivors(owner);
    await state.cleanup();
  });
  const run = (args: string[]) => cli(args, { home: state.dir, owner });
  const records = async (): Promise<ProcessRecord[]> =>
    JSON.parse(await readFile(layout.registryFile, 'utf8').catch(() => '[]'));
  const hasLines = (file: string, name: string) => async () =>
    (await readFile(file, 'utf8').catch(() => '')).includes(`${name} on stderr`);

  it('`run --log`: its record names the file; logs NAME and logs PID show it while it runs, logs NAME after', async () => {
    const bg = startCli(['run', '--log', '--name', 'echo', '--', process.execPath, ...printer('echo')], {
      home: state.dir,
      owner,
    });
    const record = await waitFor(async () => (await records()).find((r) => r.name === 'echo'), {
      timeoutMs: 60_000,
      message: 'the run’s record',
    });
    const file = record.output?.stdout as string;
    expect(record.output).toEqual({ stdout: file, stderr: file });
    expect(dirname(file)).toBe(join(layout.logsDir, 'runs'));
    await waitFor(hasLines(file, 'echo'), { timeoutMs: 60_000, message: 'its output' });
    const expected = 'echo | hello from echo\necho | echo on stderr\n';
    const byName = await run(['logs', 'echo']);
    expect(byName.code, byName.stderr).toBe(0);
    expect(byName.stdout).toBe(expected);
    expect((await run(['logs', String(record.pid)])).stdout).toBe(expected);
    bg.child.kill('SIGINT'); // we spawned it: it ends its child and exits
    await bg.exited;
    expect((await bg.result).stderr).toContain(`output of echo goes to ${file}`);
    // Finished: the record is gone; the run's file is found by its name, and by its pid through
    // the lifecycle log's `spawned` line.
    expect((await records()).some((r) => r.pid === record.pid)).toBe(false);
    expect((await run(['logs', 'echo'])).stdout).toBe(expected);
    expect((await run(['logs', String(record.pid)])).stdout).toBe(expected);
  });

  it('a launcher-style spawn through core: a file of any name in the logs dir is found by the record, then the log', async () => {
    const manager = createManager({ stateDir: state.dir, ownerId: owner, handleSignals: false });
    try {
      // Not core's naming and not in logs/runs: only the record can lead `logs` here.
      await mkdir(join(layout.logsDir, 'services'), { recursive: true, mode: 0o700 });
      const file = join(layout.logsDir, 'services', 'svc output.txt');
      const child = manager.spawn(process.execPath, printer('svc'), {
        name: 'svc',
        stdio: 'ignore',
        stdoutFile: file,
        stderrFile: file,
      });
      await child.ready;
      await waitFor(hasLines(file, 'svc'), { timeoutMs: 60_000, message: 'its output' });
      const expected = 'svc  | hello from svc\nsvc  | svc on stderr\n';
      const byName = await run(['logs', 'svc']);
      expect(byName.code, byName.stderr).toBe(0);
      expect(byName.stdout).toBe(expected);
      expect((await run(['logs', String(child.pid)])).stdout).toBe(expected);
      expect(JSON.parse((await run(['--json', 'logs', 'svc'])).stdout.split('\n')[0] as string)).toEqual({
        name: 'svc',
        pid: child.pid,
        line: 'hello from svc',
      });
      // Ended: no record, no run file; the lifecycle log's `spawned` line still names the file.
      await child.kill({ graceMs: 1000 });
      await manager.flush();
      expect((await records()).some((r) => r.pid === child.pid)).toBe(false);
      expect((await run(['logs', String(child.pid)])).stdout).toBe(expected);
      expect((await run(['logs', 'svc'])).stdout).toBe(expected);
    } finally {
      await manager.shutdown();
    }
  });

  it('-f follows a child that starts meanwhile, through its record, from its first line', async () => {
    const bg = startCli(['logs', '-f'], { home: state.dir, owner });
    let out = '';
    bg.child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const manager = createManager({ stateDir: state.dir, ownerId: owner, handleSignals: false, logger: false });
    try {
      await mkdir(layout.logsDir, { recursive: true, mode: 0o700 });
      const file = join(layout.logsDir, 'late.out');
      await manager.spawn(process.execPath, printer('late'), { name: 'late', stdoutFile: file, stderrFile: file })
        .ready;
      await waitFor(() => out.includes('late | hello from late') && out.includes('late | late on stderr'), {
        timeoutMs: 60_000,
        message: `the late child's lines, got ${JSON.stringify(out)}`,
      });
    } finally {
      bg.child.kill('SIGINT'); // we spawned it
      await bg.exited;
      await manager.shutdown();
    }
  }, 120_000);

  it('-f checks every re-open: a directory swapped for a symlink after the first look is never followed', async () => {
    const outside = await makeStateDir();
    const manager = createManager({ stateDir: state.dir, ownerId: owner, handleSignals: false, logger: false });
    const sub = join(layout.logsDir, 'sub');
    await mkdir(sub, { recursive: true, mode: 0o700 });
    const file = join(sub, 'x.out');
    await manager.spawn(process.execPath, printer('swapped'), { name: 'swapped', stdoutFile: file, stderrFile: file })
      .ready;
    await waitFor(hasLines(file, 'swapped'), { timeoutMs: 30_000 });
    const bg = startCli(['logs', '-f'], { home: state.dir, owner });
    let out = '';
    bg.child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    try {
      await waitFor(() => out.includes('swapped | swapped on stderr'), { timeoutMs: 60_000 });
      // The directory on the way becomes a symlink to a file outside the logs dir, longer than what was read.
      await writeFile(join(outside.dir, 'x.out'), 'SECRET outside line\n'.repeat(200));
      await rename(sub, `${sub}-old`);
      await symlink(outside.dir, sub);
      // A later child's lines show that the follow loop went round many times since the swap.
      const later = join(layout.logsDir, 'later.out');
      await manager.spawn(process.execPath, printer('later'), { name: 'later', stdoutFile: later, stderrFile: later })
        .ready;
      await waitFor(() => out.includes('later on stderr'), { timeoutMs: 60_000, message: 'the later child’s lines' });
      expect(out).not.toContain('SECRET');
    } finally {
      bg.child.kill('SIGINT'); // we spawned it
      await bg.exited;
      await manager.shutdown();
      await outside.cleanup();
    }
  }, 120_000);

  it('refuses, without blocking, a record path outside the logs dir, a symlink, a FIFO, under a symlink, with ..', async () => {
    const secret = join(state.dir, 'secret.txt');
    await writeFile(secret, 'SECRET\n');
    const logs = layout.logsDir;
    await mkdir(join(logs, 'runs'), { recursive: true, mode: 0o700 });
    await writeFile(join(logs, 'runs', 'good.log'), 'good line\n');
    await symlink(secret, join(logs, 'link.log'));
    expect(spawnSync('mkfifo', [join(logs, 'fifo.log')]).status).toBe(0);
    await mkdir(join(state.dir, 'elsewhere'));
    await writeFile(join(state.dir, 'elsewhere', 'x.log'), 'SECRET\n');
    await symlink(join(state.dir, 'elsewhere'), join(logs, 'linked-dir'));
    // Pids above any pid_max: never a process (logs signals nothing anyway).
    const rec = (pid: number, name: string, path: string): ProcessRecord => ({
      pid,
      script_path: `/s/${name}.mjs`,
      started_at: new Date().toISOString(),
      name,
      output: { stdout: path, stderr: path },
    });
    const hostile = [
      rec(2 ** 31 - 2, 'outside', secret),
      rec(2 ** 31 - 3, 'link', join(logs, 'link.log')),
      rec(2 ** 31 - 4, 'fifo', join(logs, 'fifo.log')),
      rec(2 ** 31 - 5, 'under', join(logs, 'linked-dir', 'x.log')),
      rec(2 ** 31 - 6, 'dots', `${logs}/runs/../../secret.txt`),
    ];
    await writeFile(
      layout.registryFile,
      JSON.stringify([...hostile, rec(2 ** 31 - 7, 'good', join(logs, 'runs', 'good.log'))]),
    );
    const all = await run(['logs']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toBe('good | good line\n');
    const warnings = all.stderr.trimEnd().split('\n');
    expect(warnings).toHaveLength(5);
    expect(warnings[0]).toMatch(/pid 2147483646: .*secret\.txt is outside /);
    expect(warnings[1]).toMatch(/link\.log is a symlink$/);
    expect(warnings[2]).toMatch(/fifo\.log is not a regular file \(a FIFO\)$/);
    expect(warnings[3]).toMatch(/x\.log lies under a symlink/);
    expect(warnings[4]).toMatch(/is not a normal path$/);
    // Only refused: nothing shown, exit 1.
    const fifo = await run(['logs', String(2 ** 31 - 4)]);
    expect(fifo.code).toBe(1);
    expect(fifo.stdout).toBe('');
    expect(fifo.stderr).toMatch(/not reading the output of pid 2147483644: .*fifo\.log is not a regular file/);
    const json = await run(['--json', 'logs']);
    expect(json.stdout).not.toContain('SECRET');
    // A record without output: said so, rather than "no output".
    const { output: _none, ...plain } = rec(2 ** 31 - 10, 'plain', '');
    await writeFile(layout.registryFile, JSON.stringify([plain]));
    const uncaptured = await run(['logs', 'plain']);
    expect(uncaptured.code).toBe(0);
    expect(uncaptured.stderr).toMatch(/^pid 2147483638 \(plain\) is tracked, but its output is not captured to a file/);
    // The lifecycle log's `spawned` lines (a finished child's files) are checked the same way.
    const spawned = (pid: number, path: string) =>
      JSON.stringify({ event: 'spawned', pid, name: `gone-${pid}`, output: { stdout: path, stderr: path } });
    await writeFile(
      layout.logFile,
      `${spawned(2 ** 31 - 8, join(logs, 'fifo.log'))}\n${spawned(2 ** 31 - 9, secret)}\n`,
    );
    for (const [pid, reason] of [
      [2 ** 31 - 8, /fifo\.log is not a regular file \(a FIFO\)$/],
      [2 ** 31 - 9, /secret\.txt is outside /],
    ] as const) {
      const fromLog = await run(['logs', String(pid)]);
      expect(fromLog.code).toBe(1);
      expect(fromLog.stdout).toBe('');
      expect(fromLog.stderr.split('\n')[0]).toMatch(reason);
    }
  }, 120_000);
});
