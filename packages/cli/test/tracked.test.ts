import { spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createManager, type ProcessManager } from '@lifeline/core';
import type { ProcessRecord } from '@lifeline/persistence';
import { identify } from '@lifeline/platform-kill';
import {
  expectNoSurvivors,
  fixturePath,
  listOwnerProcesses,
  makeStateDir,
  newOwnerId,
  procState,
  type StateDir,
  startFixture,
  waitFor,
} from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, cli, json, psColumn } from './helpers.js';

interface PsRow {
  pid: number;
  state: string;
  owner: { id: string; alive: boolean } | null;
  orphan: boolean;
  rssBytes: number | null;
  descendants?: Array<{ pid: number; ppid: number }>;
}

describe('ps and kill on tracked processes', () => {
  let owner: string;
  let state: StateDir;
  let manager: ProcessManager | undefined;
  beforeEach(async () => {
    owner = newOwnerId('cli');
    state = await makeStateDir();
  });
  afterEach(async () => {
    await manager?.shutdown({ graceMs: 0 });
    manager = undefined;
    await expectNoSurvivors(owner);
    await state.cleanup();
  });
  const run = (args: string[]) => cli(args, { home: state.dir, owner });

  /** A child tracked by a core manager in this test process (so its owner is alive). */
  async function tracked(fixture: 'sleeper' | 'tree' | 'ignore-term', args: string[] = []) {
    manager ??= createManager({ stateDir: state.dir, ownerId: owner, logger: false, handleSignals: false });
    const child = manager.spawn(process.execPath, [fixturePath(fixture), ...args], { stdio: 'pipe', name: fixture });
    await child.ready;
    const ready = await new Promise<{ descendants?: number[] }>((resolve) => {
      child.child.stdout?.once('data', (d: Buffer) => resolve(JSON.parse(d.toString().split('\n')[0] as string)));
    });
    return { child, descendants: ready.descendants ?? [] };
  }

  it('ps shows a tracked tree with state, memory and owner; --tree lists its descendants', async () => {
    const { child, descendants } = await tracked('tree', ['2', '1']);
    const text = await run(['ps']);
    expect(text.code).toBe(0);
    expect(psColumn(text.stdout, 'STATE').get(child.pid)).toBe('running');
    expect(psColumn(text.stdout, 'NAME').get(child.pid)).toBe('tree');
    expect(Math.max(...text.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
    const rows = json<PsRow[]>(await run(['ps', '--json', '--tree']));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      pid: child.pid,
      state: 'running',
      orphan: false,
      owner: { id: owner, alive: true },
    });
    expect(rows[0]?.rssBytes).toBeGreaterThan(0);
    expect(rows[0]?.descendants?.map((d) => d.pid).sort()).toEqual([...descendants].sort());
    const tree = await run(['ps', '--tree']);
    for (const pid of descendants) expect(tree.stdout).toMatch(new RegExp(`^\\s*${pid}\\s+[├└]─ `, 'm'));
  });

  it('kill ends a tracked tree and says what happened to each process', async () => {
    const { child, descendants } = await tracked('tree', ['2', '1']);
    const r = await run(['kill', String(child.pid), '--grace', '2000']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`pid ${child.pid} (tracked): ended`);
    for (const pid of [child.pid, ...descendants])
      expect(r.stdout).toMatch(new RegExp(`^\\s+${pid}\\s+terminated by SIGTERM`, 'm'));
    expect((await child.wait()).signal).toBe('SIGTERM');
    expect(listOwnerProcesses(owner)).toEqual([]);
  });

  it('kill --all --json escalates to SIGKILL after --grace for a child that ignores SIGTERM', async () => {
    const { child } = await tracked('ignore-term');
    const r = await run(['kill', '--all', '--grace', '100', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const results =
      json<
        Array<{ pid: number; outcome: string; report: { escalated: boolean; processes: Array<{ outcome: string }> } }>
      >(r);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ pid: child.pid, outcome: 'ended', report: { escalated: true } });
    expect(results[0]?.report.processes[0]?.outcome).toBe('killed');
    await child.wait();
  });

  it('kill refuses a pid that is not tracked, and --force-untracked never touches pid 1, lifeline itself or its ancestors', async () => {
    const bystander = await startFixture('sleeper', { owner });
    const untracked = await run(['kill', String(bystander.pid)]);
    expect(untracked.code).toBe(1);
    expect(untracked.stdout).toContain(`pid ${bystander.pid} (untracked): refused: not a tracked process`);
    expect(procState(bystander.pid)).toMatch(/[RS]/);
    // pid 1 never gets past the argument parser (a usage error); an ancestor is refused by the guards.
    const init = await run(['kill', '1', '--force-untracked', '--grace', '0']);
    expect(init.code, init.stderr).toBe(2);
    expect(init.stderr.trim()).toBe('error: pid must be an integer from 2 to 2147483647, got "1"');
    const ancestor = await run(['kill', String(process.pid), '--force-untracked', '--grace', '0']);
    expect(ancestor.code, ancestor.stderr).toBe(1);
    expect(ancestor.stdout).toMatch(new RegExp(`pid ${process.pid} \\(untracked\\): refused: \\S`));
    // The CLI's own pid: sh execs node, so $$ is lifeline's own pid.
    const self = await runSh(`exec "${process.execPath}" "${BIN}" kill --force-untracked $$`, {
      LIFELINE_HOME: state.dir,
      LIFELINE_OWNER: owner,
      NO_COLOR: '1',
    });
    expect(self.code).toBe(1);
    expect(self.out).toMatch(/\(untracked\): refused: /);
    // And a pid with no record, explicitly forced, is ended.
    const forced = await run(['kill', String(bystander.pid), '--force-untracked', '--grace', '1000']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain(`pid ${bystander.pid} (untracked): ended`);
    await bystander.exited;
  });

  it('ps, ps --tree and ps --json show the same state for each record: running, zombie, reused, gone', async () => {
    const zp = await startFixture('zombie-parent', { owner });
    const zombie = zp.ready.zombie as number;
    await waitFor(() => procState(zombie) === 'Z', { message: 'the fixture child to be a zombie' });
    const sleeper = await startFixture('sleeper', { owner });
    const [zid, sid, me] = await Promise.all([identify(zombie), identify(sleeper.pid), identify(process.pid)]);
    if (!zid || !sid || !me) throw new Error('cannot identify the fixtures');
    const liveOwner = { id: owner, pid: process.pid, start_time: me.startTime, boot_id: me.bootId };
    const record = (pid: number, startTime: string): ProcessRecord => ({
      pid,
      script_path: `/scripts/${pid}.ts`,
      started_at: new Date().toISOString(),
      start_time: startTime,
      boot_id: me.bootId,
      owner: liveOwner,
    });
    const expected = new Map([
      [sleeper.pid, 'running'],
      [zombie, 'zombie'],
      [zp.pid, 'reused'], // the zombie's parent, named with a start time that is not its own
      [2 ** 31 - 2, 'gone'], // above any pid_max: never a process
    ]);
    const records = [
      record(sleeper.pid, sid.startTime as string),
      record(zombie, zid.startTime as string),
      record(zp.pid, '1'),
      record(2 ** 31 - 2, '1'),
    ];
    await writeFile(join(state.dir, 'active-pids.json'), JSON.stringify(records));
    const [asJson, table, tree] = await Promise.all([run(['ps', '--json']), run(['ps']), run(['ps', '--tree'])]);
    // Read the STATE column itself: a substring match could hit an owner id.
    const column = (stdout: string) => psColumn(stdout, 'STATE');
    expect(new Map(json<PsRow[]>(asJson).map((r) => [r.pid, r.state]))).toEqual(expected);
    expect(column(table.stdout)).toEqual(expected);
    expect(column(tree.stdout)).toEqual(expected);
    expect(procState(zombie)).toBe('Z'); // still a zombie at the end: the runs saw one
    sleeper.child.kill('SIGKILL');
    zp.child.kill('SIGKILL');
    await Promise.all([sleeper.exited, zp.exited]);
  });

  it('a reused pid is shown as reused and never signalled', async () => {
    const victim = await startFixture('sleeper', { owner });
    const record: ProcessRecord = {
      pid: victim.pid,
      script_path: 'old.ts',
      started_at: new Date().toISOString(),
      start_time: '1', // not the sleeper's: the record names an older process that had this pid
      boot_id: (await identify(victim.pid))?.bootId ?? null,
    };
    await writeFile(join(state.dir, 'active-pids.json'), JSON.stringify([record]));
    const rows = json<PsRow[]>(await run(['ps', '--json']));
    expect(rows[0]).toMatchObject({ pid: victim.pid, state: 'reused' });
    const r = await run(['kill', String(victim.pid), '--grace', '0']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`pid ${victim.pid} \\(tracked\\): (refused|already gone)`));
    expect(procState(victim.pid)).toMatch(/[RS]/);
    victim.child.kill('SIGKILL');
    await victim.exited;
  });

  it('a corrupt registry naming pid 1: ps reports it and leaves it, shows the salvaged records; cleanup quarantines it', async () => {
    const { child } = await tracked('sleeper');
    const registry = join(state.dir, 'active-pids.json');
    const good = JSON.parse(await readFile(registry, 'utf8')) as ProcessRecord[];
    await writeFile(
      registry,
      JSON.stringify([{ pid: 1, script_path: 'init', started_at: new Date().toISOString() }, ...good]),
    );
    const r = await run(['ps', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /warning: .*active-pids\.json is corrupt .*1 valid record\(s\), 1 invalid, left unchanged — `lifeline cleanup` moves it aside/,
    );
    expect(json<PsRow[]>(r).map((row) => row.pid)).toEqual([child.pid]);
    expect((await readdir(state.dir)).some((f) => f.startsWith('active-pids.json.corrupt-'))).toBe(false);
    const cleanup = await run(['cleanup']);
    expect(cleanup.code, cleanup.stderr).toBe(0);
    expect(cleanup.stderr).toMatch(/active-pids\.json was corrupt .*moved to .*corrupt-/);
    expect((await readdir(state.dir)).some((f) => f.startsWith('active-pids.json.corrupt-'))).toBe(true);
    const kill1 = await run(['kill', '1']);
    expect(kill1.code).toBe(2);
    expect(kill1.stderr).toContain('pid must be an integer from 2 to 2147483647, got "1"');
    const doctor = await run(['doctor']);
    expect(doctor.stdout).toMatch(/warn\s+quarantine\s+1 quarantined file/);
  });

  it('cleanup --dry-run decides per record without signalling; a live owner keeps its children', async () => {
    const { child } = await tracked('sleeper');
    const r = await run(['cleanup', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/killed/);
    expect(procState(child.pid)).toMatch(/[RS]/);
    const status = await run(['status', '--json']);
    expect(status.code).toBe(0);
    expect(json<{ healthy: boolean; tracked: { running: number } }>(status)).toMatchObject({
      healthy: true,
      tracked: { running: 1 },
    });
  });

  it('a record naming an ancestor of lifeline with a dead owner is refused by cleanup; nothing is signalled', async () => {
    const me = await identify(process.pid);
    const dead = await startFixture('exit-with', { owner, args: ['0'] });
    await dead.exited;
    const record: ProcessRecord = {
      pid: process.pid,
      script_path: 'vitest-worker',
      started_at: new Date().toISOString(),
      start_time: me?.startTime ?? null,
      boot_id: me?.bootId ?? null,
      owner: { id: 'gone-owner-1234', pid: dead.pid, start_time: '1', boot_id: me?.bootId ?? null },
    };
    await writeFile(join(state.dir, 'active-pids.json'), JSON.stringify([record]));
    const r = await run(['cleanup', '--json']);
    const result = json<{ entries: Array<{ pid: number; decision: string; reason: string }> }>(r);
    const entry = result.entries.find((e) => e.pid === process.pid);
    expect(entry?.decision).not.toBe('killed');
    expect(['refused', 'not-ours', 'owner-alive', 'failed']).toContain(entry?.decision);
  });
});

function runSh(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const sh = spawn('/bin/sh', ['-c', script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    sh.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    sh.once('close', (code) => resolve({ code, out }));
  });
}
