/**
 * The hostile cases of issue 15, with real processes and temp state directories: decoys are
 * asserted alive, and nothing is signalled before a refusal.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { openRegistry, type ProcessRecord } from '@lifeline/persistence';
import { identify } from '@lifeline/platform-kill';
import {
  expectNoSurvivors,
  fixturePath,
  makeStateDir,
  newOwnerId,
  reapOwner,
  type StateDir,
  startFixture,
  waitFor,
} from '@lifeline/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createManager, type ProcessManager } from '../src/index';
import { openInspector } from '../src/inspect/index';
import { layoutFrom } from '../src/manager/options';
import { TAG_ENV } from '../src/protocol/owner-child';
import { RegistryLink } from '../src/registry/link';
import { cleanupOrphans } from '../src/sweep/cleanup';
import { newTagPrefix } from '../src/sweep/owner-tag';
import { deadOwner, fixture, isAlive, startOwner } from './helpers';

const owners: string[] = [];
const dirs: StateDir[] = [];
const managers: ProcessManager[] = [];
const own = (id = newOwnerId('hostile')) => {
  owners.push(id);
  return id;
};
const dir = async () => {
  const d = await makeStateDir('lifeline-hostile-');
  dirs.push(d);
  return d;
};
afterEach(async () => {
  for (const m of managers.splice(0)) await m.shutdown().catch(() => undefined);
  for (const id of owners.splice(0)) {
    await reapOwner(id);
    await expectNoSurvivors(id);
  }
  for (const d of dirs.splice(0)) await d.cleanup();
});

const FIXTURES = { FIXTURE_DIR: dirname(fixturePath('tree')) };

/** A record of `pid` (its real identity) owned by a dead owner with this tag. */
async function recordOf(
  pid: number,
  deadId: { id: string; pid: number; start_time: string; boot_id: string | null },
  tag: string,
): Promise<ProcessRecord> {
  const identity = (await identify(pid))!;
  return {
    pid,
    script_path: '/scripts/decoy.ts',
    started_at: new Date().toISOString(),
    pgid: identity.pgid,
    start_time: identity.startTime,
    boot_id: identity.bootId,
    owner: { id: deadId.id, pid: deadId.pid, start_time: deadId.start_time, boot_id: deadId.boot_id, tag },
  };
}

describe('hostile: the owner tag', { timeout: 60_000 }, () => {
  it("same --owner in two state dirs, one crashed: its cleanup never touches the live one's tree or guardian", async () => {
    const id = own();
    const [a, b] = [await dir(), await dir()];
    // A starts first (no children yet), then B starts, spawns and crashes, then A spawns.
    const live = createManager({ stateDir: a.dir, ownerId: id, handleSignals: false, guardian: true, graceMs: 2000 });
    managers.push(live);
    await live.start();
    const crashed = await startOwner(id, b.dir, 'crash', FIXTURES);
    const child = live.spawn(process.execPath, [fixturePath('sleeper')], { stdio: 'ignore' });
    await child.ready;
    const guardian = live.guardianPid!;
    expect(guardian).toBeGreaterThan(1);
    process.kill(crashed.ready.pid, 'SIGKILL'); // the test's own child, by the pid it spawned
    await crashed.exited;
    const orphans = [...(crashed.ready.tree as number[]), crashed.ready.daemon as number];
    for (const pid of orphans) expect(isAlive(pid)).toBe(true);

    const result = await openInspector({ stateDir: b.dir }).cleanupOrphans();
    expect(result.refused).toBe(0);
    const ended = result.entries.filter((e) => e.decision === 'killed').map((e) => e.pid);
    expect(ended).toContain(crashed.ready.daemon); // found only by B's tag
    expect(ended).not.toContain(child.pid);
    expect(ended).not.toContain(guardian);
    for (const pid of orphans) await waitFor(() => !isAlive(pid), { timeoutMs: 10_000 });
    expect(isAlive(child.pid)).toBe(true);
    expect(isAlive(guardian)).toBe(true);
    expect(live.list().map((p) => p.pid)).toEqual([child.pid]);

    // A third instance with the same id, in a third directory, is refused while A's child carries it.
    const c = await dir();
    const third = createManager({ stateDir: c.dir, ownerId: id, handleSignals: false });
    await expect(third.start()).rejects.toMatchObject({ code: 'ERR_OWNER_IN_USE' });
    await third.close().catch(() => undefined);
  });

  it('a spoofed tag on a decoy started before the dead owner is never ended; its real orphan is', async () => {
    const id = own();
    const state = await dir();
    const prefix = newTagPrefix(state.dir);
    const decoy = await startFixture('sleeper', { owner: id, env: { [TAG_ENV]: `${prefix}0` } });
    const dead = await deadOwner(); // started (and gone) after the decoy
    const orphan = await startFixture('sleeper', { owner: id, env: { [TAG_ENV]: `${prefix}1` } });
    const idOnly = await startFixture('sleeper', { owner: dead.id }); // LIFELINE_OWNER alone, no tag
    owners.push(dead.id);
    const registry = openRegistry({ path: join(state.dir, 'active-pids.json') });
    // The dead owner's only record names a process long gone: the orphans are tag-only.
    const ghost = await deadOwner();
    await registry.add({
      ...(await recordOf(orphan.pid, { ...dead }, prefix)),
      pid: ghost.pid,
      start_time: ghost.start_time,
    });
    await registry.close();
    const inspector = openInspector({ stateDir: state.dir });
    const dry = await inspector.cleanupOrphans({ dryRun: true });
    const real = await inspector.cleanupOrphans();
    const predicted = dry.entries.filter((e) => e.decision === 'would-kill').map((e) => e.pid);
    const ended = real.entries.filter((e) => e.decision === 'killed').map((e) => e.pid);
    expect(predicted).toEqual([orphan.pid]);
    expect(ended).toEqual([orphan.pid]);
    await waitFor(() => !isAlive(orphan.pid), { timeoutMs: 10_000 });
    expect(isAlive(decoy.pid)).toBe(true);
    expect(isAlive(idOnly.pid)).toBe(true);
  });
});

describe('hostile: state paths', { timeout: 60_000 }, () => {
  /** A live decoy recorded under a dead owner in `real`, reachable through a symlink `link`. */
  async function linked() {
    const id = own();
    const base = mkdtempSync(join(tmpdir(), 'lifeline-hostile-link-'));
    const real = join(base, 'real');
    mkdirSync(real, { mode: 0o700 });
    const link = join(base, 'link');
    symlinkSync(real, link);
    const decoy = await startFixture('sleeper', { owner: id });
    const dead = await deadOwner();
    const registry = openRegistry({ path: join(real, 'active-pids.json') });
    await registry.add(await recordOf(decoy.pid, dead, newTagPrefix(real)));
    await registry.close();
    return { id, base, link, decoy, done: () => rmSync(base, { recursive: true, force: true }) };
  }

  it('trailing slash and dot through the API and LIFELINE_HOME: refused before anything is signalled', async () => {
    const t = await linked();
    try {
      for (const options of [
        { stateDir: `${t.link}/` },
        { stateDir: `${t.link}/.` },
        { env: { LIFELINE_HOME: `${t.link}/.` } },
        { env: { LIFELINE_HOME: `${t.link}/` } },
      ]) {
        const inspector = openInspector(options);
        await expect(inspector.cleanupOrphans()).rejects.toMatchObject({ code: 'ERR_STATE_DIR' });
        await expect(inspector.cleanupOrphans({ dryRun: true })).rejects.toMatchObject({ code: 'ERR_STATE_DIR' });
        await expect(inspector.killTracked([t.decoy.pid])).rejects.toMatchObject({ code: 'ERR_STATE_DIR' });
        await expect(inspector.status()).rejects.toMatchObject({ code: 'ERR_STATE_DIR' });
        const manager = createManager({ ...options, ownerId: own(), handleSignals: false });
        await expect(manager.start()).rejects.toMatchObject({ code: 'ERR_STATE_DIR' });
        await manager.close().catch(() => undefined);
        expect(isAlive(t.decoy.pid)).toBe(true);
      }
    } finally {
      t.done();
    }
  });

  it('a symlinked logs/ or log file is refused: nothing is written through it', async () => {
    for (const what of ['dir', 'file'] as const) {
      const state = await dir();
      const outside = mkdtempSync(join(tmpdir(), 'lifeline-hostile-outside-'));
      try {
        if (what === 'dir') symlinkSync(outside, join(state.dir, 'logs'));
        else {
          mkdirSync(join(state.dir, 'logs'), { mode: 0o700 });
          writeFileSync(join(outside, 'target.jsonl'), '');
          symlinkSync(join(outside, 'target.jsonl'), join(state.dir, 'logs', 'lifeline.jsonl'));
        }
        const manager = createManager({ stateDir: state.dir, ownerId: own(), handleSignals: false });
        await expect(manager.start()).rejects.toMatchObject({ code: 'ERR_STATE_DIR' });
        await manager.close().catch(() => undefined);
        const written = what === 'dir' ? '' : readFileSync(join(outside, 'target.jsonl'), 'utf8');
        expect(written).toBe('');
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    }
  });

  it('the log a manager writes is 0600 in a 0700 logs/', async () => {
    const state = await dir();
    const manager = createManager({ stateDir: state.dir, ownerId: own(), handleSignals: false });
    await manager.start();
    await manager.shutdown();
    expect(statSync(join(state.dir, 'logs')).mode & 0o777).toBe(0o700);
    expect(statSync(join(state.dir, 'logs', 'lifeline.jsonl')).mode & 0o777).toBe(0o600);
  });
});

/** A dead owner of a fresh state dir and a live process carrying its tag (in no record yet). */
async function tagOnlyOrphan() {
  const id = own();
  const state = await dir();
  const prefix = newTagPrefix(state.dir);
  const dead = await deadOwner();
  owners.push(dead.id);
  const orphan = await startFixture('sleeper', { owner: id, env: { [TAG_ENV]: `${prefix}0` } });
  return { state, prefix, dead, orphan };
}

describe('hostile: owners/', { timeout: 60_000 }, () => {
  it('a FIFO in owners/ is reported; the other owners are still used and the tag-only orphan ended', async () => {
    const { state, prefix, dead, orphan } = await tagOnlyOrphan();
    mkdirSync(join(state.dir, 'owners'), { mode: 0o700 });
    writeFileSync(
      join(state.dir, 'owners', `${dead.id}.json`),
      JSON.stringify({ ...dead, started_at: new Date().toISOString(), tag: prefix }),
      { mode: 0o600 },
    );
    const fifo = spawn('mkfifo', [join(state.dir, 'owners', 'bad.json')]);
    await new Promise((resolve) => fifo.once('exit', resolve));
    const inspector = openInspector({ stateDir: state.dir });
    const status = await inspector.status();
    expect(status.healthy).toBe(false);
    expect(status.problems?.map((p) => p.path)).toContain(join(state.dir, 'owners', 'bad.json'));
    const result = await inspector.cleanupOrphans();
    expect(result.ownerProblems?.length).toBe(1);
    expect(result.entries.filter((e) => e.decision === 'killed').map((e) => e.pid)).toEqual([orphan.pid]);
    await waitFor(() => !isAlive(orphan.pid), { timeoutMs: 10_000 });
  });

  it('an unusable owners/ is never "no owners": cleanup and status fail, nothing is signalled', async () => {
    const { state, prefix, dead, orphan } = await tagOnlyOrphan();
    const registry = openRegistry({ path: join(state.dir, 'active-pids.json') });
    await registry.add(await recordOf(orphan.pid, dead, prefix));
    await registry.close();
    writeFileSync(join(state.dir, 'owners'), 'not a directory');
    const inspector = openInspector({ stateDir: state.dir });
    await expect(inspector.cleanupOrphans()).rejects.toMatchObject({ code: 'ERR_STATE_DIR' });
    await expect(inspector.status()).rejects.toMatchObject({ code: 'ERR_STATE_DIR' });
    expect(isAlive(orphan.pid)).toBe(true);
  });
});

describe('hostile: limits', { timeout: 60_000 }, () => {
  it('start(), a child, the guardian and shutdown() work at ulimit -n 64', async () => {
    const id = own();
    const state = await dir();
    const run = spawn(
      '/bin/sh',
      ['-c', 'ulimit -n 64 && exec "$0" "$1"', process.execPath, fixture('start-stop.mjs')],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LIFELINE_OWNER: id, OWNER_STATE_DIR: state.dir },
      },
    );
    let out = '';
    let err = '';
    run.stdout.on('data', (d) => (out += d));
    run.stderr.on('data', (d) => (err += d));
    const code = await new Promise((resolve) => run.once('exit', resolve));
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(JSON.parse(out)).toMatchObject({ ok: true, orphans: 0 });
  });
});

describe('hostile: failures mid-way', { timeout: 60_000 }, () => {
  it('a registry update failing with ENOSPC after orphans were ended: rejected, with what was ended', async () => {
    const { state, prefix, dead, orphan } = await tagOnlyOrphan();
    const registry = openRegistry({ path: join(state.dir, 'active-pids.json') });
    await registry.add(await recordOf(orphan.pid, dead, prefix));
    await registry.close();
    const link = new RegistryLink(layoutFrom({ stateDir: state.dir }));
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const stores = {
      view: () => link.view(),
      open: async () => {
        const store = await link.open();
        return Object.assign(Object.create(store), {
          removeMany: () => Promise.reject(full),
          load: () => store.load(),
        });
      },
    };
    const ownerId = own();
    const self = { ownerId, layout: link.layout, graceMs: 2000, tag: '', emit: () => undefined };
    const failure = await cleanupOrphans(
      { ...self, self: async () => ({ id: ownerId, pid: process.pid }) },
      stores,
      new Set(),
      false,
    ).then(
      () => null,
      (error: unknown) =>
        error as {
          code: string;
          message: string;
          partial?: { killed: number; entries: { pid: number; decision: string }[] };
        },
    );
    expect(failure?.code).toBe('ERR_STATE_DIR');
    expect(failure?.message).toMatch(/ENOSPC/);
    expect(failure?.partial?.killed).toBe(1);
    expect(failure?.partial?.entries).toEqual([expect.objectContaining({ pid: orphan.pid, decision: 'killed' })]);
    await waitFor(() => !isAlive(orphan.pid), { timeoutMs: 10_000 });
    await link.close(() => undefined);
  });
});

describe('hostile: outcomes and trails', { timeout: 60_000 }, () => {
  it("kill() and killAll() end a daemonised grandchild by the child's trail and list it", async () => {
    const id = own();
    const state = await dir();
    const manager = createManager({ stateDir: state.dir, ownerId: id, handleSignals: false, graceMs: 2000 });
    managers.push(manager);
    await manager.start();
    const start = async () => {
      const handle = manager.spawn(process.execPath, [fixture('daemonize.mjs'), fixturePath('sleeper'), '--stay'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const line = await new Promise<string>((resolve) =>
        createInterface({ input: (handle.child as ChildProcess).stdout! }).once('line', resolve),
      );
      await handle.ready;
      return { handle, daemon: JSON.parse(line).daemon as number };
    };
    const one = await start();
    const report = await manager.kill(one.handle.pid);
    expect(report.processes.map((p) => p.pid)).toContain(one.daemon);
    expect(report.survivors).toEqual([]);
    await waitFor(() => !isAlive(one.daemon), { timeoutMs: 10_000 });

    const two = await start();
    const three = await start();
    const reports = await manager.killAll();
    const listed = reports.flatMap((r) => r.processes.map((p) => p.pid));
    expect(listed).toEqual(expect.arrayContaining([two.daemon, three.daemon]));
    for (const pid of [two.daemon, three.daemon]) await waitFor(() => !isAlive(pid), { timeoutMs: 10_000 });
  });

  it('a protected pid is refused everywhere: killTracked, the dry run and the real cleanup agree, the record stays', async () => {
    const state = await dir();
    const dead = await deadOwner();
    owners.push(dead.id);
    const self = (await identify(process.pid))!;
    const registry = openRegistry({ path: join(state.dir, 'active-pids.json') });
    await registry.add({
      pid: process.pid,
      script_path: '/scripts/self.ts',
      started_at: new Date().toISOString(),
      start_time: self.startTime,
      boot_id: self.bootId,
      owner: { id: dead.id, pid: dead.pid, start_time: dead.start_time, boot_id: dead.boot_id },
    });
    await registry.close();
    const inspector = openInspector({ stateDir: state.dir });
    const dry = await inspector.cleanupOrphans({ dryRun: true });
    expect(dry.entries.map((e) => e.decision)).toEqual(['refused']);
    const real = await inspector.cleanupOrphans();
    expect(real.entries.map((e) => e.decision)).toEqual(['refused']);
    expect(real.refused).toBe(1);
    const [killed] = await inspector.killTracked([process.pid]);
    expect(killed).toMatchObject({ pid: process.pid, outcome: 'refused' });
    expect(
      (await openRegistry({ path: join(state.dir, 'active-pids.json'), readOnly: true }).list()).map((r) => r.pid),
    ).toEqual([process.pid]);
  });
});
