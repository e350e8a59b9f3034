import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectNoSurvivors, fixturePath, newOwnerId, OWNER_ENV, readOwnerTag, waitFor } from '@lifeline/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeCgroupFs } from './fs';
import { createContainment } from './select';
import {
  cgroupOf,
  containmentFixture,
  containmentWithoutCgroupKill,
  killRemembered,
  readyLine,
  realContainmentSuite,
  spawnTagged,
  startTimeOf,
  sweepTestCgroups,
} from './test/helpers';
import type { Containment, ContainmentUnit, OwnerContainment } from './types';

const { host, mount, contained, frame } = realContainmentSuite();
/** /proc/<pid>/cgroup's view of a cgroup directory (no cgroup namespace here). */
const procPath = (dir: string | null) => (dir ?? '').slice(mount.length);

const remember = frame.remember;

const tagged = () => ({ ...process.env, [OWNER_ENV]: frame.owner });

/** Spawn a fixture through a unit's plan and wait for its ready line. */
async function startIn(unit: ContainmentUnit, command: string, args: string[], detached = true) {
  const plan = unit.plan(command, args, { detached, stdio: ['pipe', 'pipe', 'inherit'], env: tagged() });
  const child = plan.spawn(spawn);
  if (child.pid === undefined) throw new Error('spawn failed');
  unit.attach(child.pid);
  return { child, ready: await readyLine(child) };
}

function expectGone(unit: ContainmentUnit, scope: OwnerContainment) {
  expect(existsSync(unit.cgroup ?? '/nonexistent')).toBe(false);
  return scope.dispose().then((removed) => {
    expect(removed).toBe(true);
    expect(existsSync(scope.cgroup ?? '/nonexistent')).toBe(false);
  });
}

describe.skipIf(!contained)('cgroup2 containment (real, as root)', () => {
  it('detects the hybrid mount from mountinfo and names the mechanism', () => {
    expect(host.info).toMatchObject({ mechanism: 'cgroup2', reason: null, forceVia: 'cgroup.kill' });
    expect(host.info.mount).toMatch(/^\/sys\/fs\/cgroup/);
  });

  it('holds the escape (double fork + env -i + setsid) and ends it with the unit', async () => {
    const scope = host.forOwner(frame.owner);
    const unit = scope.unit();
    expect(unit.cgroup).toBe(`${host.info.base}/lifeline-${frame.owner}/c-1`);
    const { child, ready } = await startIn(unit, '/bin/sh', [containmentFixture('escape.sh')]);
    const daemon = remember((ready.escaped as number[])[0] as number);
    // It escaped everything else: no owner tag, its own session, reparented away from the fixture.
    await waitFor(() => startTimeOf(daemon) !== null, { message: 'daemon to run' });
    expect(readOwnerTag(daemon)).toBeUndefined();
    expect(cgroupOf(daemon)).toBe(procPath(unit.cgroup));
    expect((await unit.members()).sort()).toEqual([child.pid, daemon].sort());
    const report = await unit.end({ graceMs: 5000 });
    expect(report).toMatchObject({ empty: true, removed: true, survivors: [], forced: null });
    expect(report.graceful.filter((s) => s.outcome === 'sent').map((s) => s.pid)).toContain(daemon);
    expect(startTimeOf(daemon)).toBeNull();
    await expectGone(unit, scope);
  });

  it('ends a child that keeps forking and ignores SIGTERM, by cgroup.kill after the grace', async () => {
    const scope = host.forOwner(frame.owner);
    const unit = scope.unit();
    const { child } = await startIn(unit, '/bin/sh', [containmentFixture('fork-loop.sh')]);
    const exited = new Promise((r) => child.once('exit', r));
    const report = await unit.end({ graceMs: 200 });
    expect(report).toMatchObject({ forced: 'cgroup.kill', empty: true, removed: true, survivors: [] });
    expect(report.members.length).toBeGreaterThanOrEqual(2);
    await exited;
    await expectGone(unit, scope);
  });

  it('ends a child that called setsid and a grandchild that changed its process group', async () => {
    const scope = host.forOwner(frame.owner);
    const unit = scope.unit();
    const { child, ready } = await startIn(unit, 'perl', [containmentFixture('regroup.pl')], false);
    const grandchild = (ready.descendants as number[])[0] as number;
    await waitFor(() => readFileStat(grandchild)?.pgrp === grandchild, { message: 'grandchild in its own group' });
    expect(readFileStat(child.pid as number)?.session).toBe(child.pid);
    expect((await unit.members()).sort()).toEqual([child.pid, grandchild].sort());
    const report = await unit.end({ graceMs: 5000 });
    expect(report).toMatchObject({ empty: true, removed: true, survivors: [] });
    await expectGone(unit, scope);
  });

  it('signal() reaches every member, checked to still be in the unit', async () => {
    const scope = host.forOwner(frame.owner);
    const unit = scope.unit();
    const { child, ready } = await startIn(unit, '/bin/sh', [containmentFixture('escape.sh')]);
    const daemon = remember((ready.escaped as number[])[0] as number);
    const sent = await unit.signal('SIGTERM');
    expect(sent.map((s) => [s.pid, s.outcome]).sort()).toEqual(
      [
        [child.pid, 'sent'],
        [daemon, 'sent'],
      ].sort(),
    );
    expect(await unit.waitEmpty(10_000)).toBe(true);
    expect(await unit.remove()).toBe(true);
    await expectGone(unit, scope);
  });

  it('leaves decoys in other cgroups and processes of other owners untouched', async () => {
    const other = newOwnerId('lifeline-test-decoy');
    const decoyDir = `${mount}/lifeline-test-${frame.owner}-decoy`;
    mkdirSync(decoyDir);
    const inOther = spawnTagged(other, '/bin/sh', ['-c', `echo $$ > ${decoyDir}/cgroup.procs && exec sleep 600`]);
    const inRoot = spawnTagged(other, 'sleep', ['600']);
    try {
      await waitFor(() => cgroupOf(inOther.pid as number) === procPath(decoyDir), { message: 'decoy placed' });
      const before = [inOther.pid, inRoot.pid].map((pid) => startTimeOf(pid as number));
      const scope = host.forOwner(frame.owner);
      const units = [scope.unit(), scope.unit(), scope.unit()];
      for (const unit of units) await startIn(unit, '/bin/sh', [containmentFixture('fork-loop.sh')]);
      expect(host.leftovers(frame.owner)).toEqual([
        { ownerId: frame.owner, instance: null, path: scope.cgroup, units: ['c-1', 'c-2', 'c-3'], populated: true },
      ]);
      const report = await scope.endAll({ graceMs: 100 });
      expect(report.units.map((u) => u.empty && u.removed)).toEqual([true, true, true]);
      expect(report.removed).toBe(true);
      expect([inOther.pid, inRoot.pid].map((pid) => startTimeOf(pid as number))).toEqual(before);
      expect(host.leftovers(frame.owner)).toEqual([]);
    } finally {
      inOther.kill('SIGKILL');
      inRoot.kill('SIGKILL');
      await expectNoSurvivors(other);
      // The decoy's cgroup is this test's own (its name carries the owner id): remove it.
      expect(await sweepTestCgroups(mount, `${frame.owner}-decoy`)).toEqual([decoyDir]);
    }
  });

  it('finds a dead owner’s leftover cgroups by listing and reclaims them', async () => {
    // The "dead owner": its containment object is dropped with its children still running.
    const dead = host.forOwner(frame.owner);
    const daemons: number[] = [];
    for (let i = 0; i < 2; i++) {
      const { ready } = await startIn(dead.unit(), '/bin/sh', [containmentFixture('escape.sh')]);
      daemons.push(remember((ready.escaped as number[])[0] as number));
    }
    const fresh: Containment = createContainment();
    // A record's unit path opens the unit for listing (the CLI's ps --tree) without adopting a child.
    const adopted = fresh.unitAt(`${dead.cgroup}/c-1`);
    expect(await adopted.members()).toContain(daemons[0]);
    expect(() => adopted.plan('/bin/true')).toThrow(/already has its child/);
    expect(() => fresh.unitAt(`${mount}/lifeline-x/../c-1`)).toThrow(/unit cgroup/);
    const [leftover] = fresh.leftovers(frame.owner);
    expect(leftover).toMatchObject({ ownerId: frame.owner, units: ['c-1', 'c-2'], populated: true });
    const report = await fresh.reclaim(leftover?.path as string, { graceMs: 2000 });
    expect(report.units.every((u) => u.empty && u.removed && u.survivors.length === 0)).toBe(true);
    expect(report.removed).toBe(true);
    for (const pid of daemons) expect(startTimeOf(pid)).toBeNull();
    expect(fresh.leftovers(frame.owner)).toEqual([]);
    await expect(fresh.reclaim(`${mount}/not-ours`)).rejects.toThrow(/owner cgroup/);
  });

  it('one cgroup per owner instance: the same id twice never shares one; each is listed and reclaimed alone', async () => {
    const a = host.forOwner(frame.owner, { instance: 'sd0.a' });
    const b = host.forOwner(frame.owner, { instance: 'sd0.b' });
    const [ua, ub] = [a.unit(), b.unit()];
    expect(ua.cgroup).toBe(`${host.info.base}/lifeline-${frame.owner}@sd0.a/c-1`);
    expect(ub.cgroup).toBe(`${host.info.base}/lifeline-${frame.owner}@sd0.b/c-1`);
    const { ready: ra } = await startIn(ua, '/bin/sh', [containmentFixture('escape.sh')]);
    const { ready: rb } = await startIn(ub, '/bin/sh', [containmentFixture('escape.sh')]);
    const [da, db] = [ra, rb].map((r) => remember((r.escaped as number[])[0] as number));
    const listed = host.leftovers(frame.owner).map((l) => [l.instance, l.path]);
    expect(listed.sort()).toEqual([
      ['sd0.a', a.cgroup],
      ['sd0.b', b.cgroup],
    ]);
    // Reclaiming one instance's cgroup (its owner "dead") leaves the other's members alone.
    const report = await createContainment().reclaim(a.cgroup as string, { graceMs: 2000 });
    expect(report.removed).toBe(true);
    expect(startTimeOf(da as number)).toBeNull();
    expect(startTimeOf(db as number)).not.toBeNull();
    expect(await ub.members()).toContain(db);
    expect(() => host.unitAt(`${b.cgroup}/c-1`)).not.toThrow();
    expect(() => host.forOwner(frame.owner, { instance: 'x@y' })).toThrow(/instance must be/);
    expect((await b.endAll({ graceMs: 2000 })).removed).toBe(true);
  });

  it('ends by freeze + SIGKILL where the kernel has no cgroup.kill (injected)', async () => {
    const noKill = containmentWithoutCgroupKill();
    expect(noKill.info).toMatchObject({ mechanism: 'cgroup2', forceVia: 'freeze' });
    const scope = noKill.forOwner(frame.owner);
    const unit = scope.unit();
    await startIn(unit, '/bin/sh', [containmentFixture('fork-loop.sh')]);
    const report = await unit.end({ graceMs: 100 });
    expect(report).toMatchObject({ forced: 'freeze', empty: true, removed: true, survivors: [] });
    await expectGone(unit, scope);
  });
});

describe.skipIf(!contained)('placement: the child is inside before its first instruction', () => {
  let forkFirst = '';
  const dir = join(tmpdir(), `lifeline-test-fork-first-${process.pid}`);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(() => {
    mkdirSync(dir, { recursive: true });
    forkFirst = join(dir, 'fork-first');
    execFileSync('cc', ['-O2', '-o', forkFirst, containmentFixture('fork-first.c')]);
  });

  for (const placement of ['fork-window', 'trampoline'] as const) {
    it(`${placement}: the grandchild forked by the first instruction is born in the unit, 20 of 20`, async () => {
      const c = createContainment({ placement });
      const scope = c.forOwner(frame.owner);
      for (let i = 0; i < 20; i++) {
        const unit = scope.unit();
        const { child, ready } = await startIn(unit, forkFirst, []);
        remember(ready.pid);
        // The grandchild read /proc/self/cgroup before doing anything else.
        expect(ready.cgroup).toBe(procPath(unit.cgroup));
        expect((await unit.members()).sort()).toEqual([child.pid, ready.pid].sort());
        const report = await unit.end({ graceMs: 0 });
        expect(report).toMatchObject({ empty: true, removed: true });
      }
      expect(await scope.dispose()).toBe(true);
    });
  }

  it('control: placing the child after it started misses what it forked (the check can fail)', async () => {
    const scope = host.forOwner(frame.owner);
    const unit = scope.unit();
    const child = spawnTagged(frame.owner, forkFirst, []);
    const ready = await readyLine(child);
    const grandchild = remember(ready.pid);
    writeFileSync(`${unit.cgroup}/cgroup.procs`, String(child.pid));
    expect(ready.cgroup).not.toBe(procPath(unit.cgroup));
    expect(await unit.members()).toEqual([child.pid]);
    expect((await unit.end({ graceMs: 0 })).empty).toBe(true);
    // The escapee is ours (spawned by this test, pid + start time remembered): end it here.
    expect(killRemembered(frame.takeRemembered())).toEqual([grandchild]);
    await waitFor(() => startTimeOf(grandchild) === null, { message: 'escapee gone' });
    expect(await scope.dispose()).toBe(true);
  });
});

describe.skipIf(!contained)('safety', () => {
  /** Our own cgroup's cgroup.procs, to move this test process back to. */
  const home = () => `${mount}${cgroupOf(process.pid) === '/' ? '' : cgroupOf(process.pid)}/cgroup.procs`;

  it('never signals or forces a unit that holds this process', async () => {
    const scope = host.forOwner(frame.owner);
    const unit = scope.unit();
    const back = home();
    writeFileSync(`${unit.cgroup}/cgroup.procs`, String(process.pid));
    try {
      expect(await unit.members()).toEqual([process.pid]);
      expect(await unit.signal('SIGTERM')).toEqual([
        { pid: process.pid, outcome: 'refused', reason: 'it is this process' },
      ]);
      await expect(unit.end({ graceMs: 0, confirmMs: 100 })).rejects.toMatchObject({ code: 'ERR_PROTECTED_PID' });
    } finally {
      writeFileSync(back, String(process.pid));
    }
    expect(cgroupOf(process.pid)).toBe(back.slice(mount.length, -'/cgroup.procs'.length) || '/');
    expect((await unit.end({ graceMs: 0 })).removed).toBe(true);
    expect(await scope.dispose()).toBe(true);
  });

  it('a refused move into the unit spawns nothing and says why (ERR_CONTAINMENT_FAILED)', async () => {
    const refusing = createContainment({
      fs: {
        ...nodeCgroupFs,
        write: (path, data) => {
          if (path.includes(frame.owner) && path.endsWith('/cgroup.procs')) {
            throw Object.assign(new Error('EBUSY: device or resource busy'), { code: 'EBUSY' });
          }
          nodeCgroupFs.write(path, data);
        },
      },
    });
    const scope = refusing.forOwner(frame.owner);
    const unit = scope.unit();
    let spawned = 0;
    expect(() =>
      unit.plan('/bin/true').spawn(() => {
        spawned++;
      }),
    ).toThrow(expect.objectContaining({ code: 'ERR_CONTAINMENT_FAILED' }));
    expect(spawned).toBe(0);
    expect(await scope.dispose()).toBe(true);
  });
});

describe('mode off', () => {
  it('is none with the reason, and its units end a tree as before', async () => {
    const off = createContainment({ mode: 'off' });
    expect(off.info).toEqual({ mechanism: 'none', reason: 'containment is turned off (mode: "off")' });
    const scope = off.forOwner(frame.owner);
    expect(scope.cgroup).toBeNull();
    const unit = scope.unit();
    const { child } = await startIn(unit, process.execPath, [
      '-e',
      'console.log(JSON.stringify({ready:true,pid:process.pid})); setInterval(() => {}, 1e6)',
    ]);
    expect(unit.name).toBe(`pid-${child.pid}`);
    expect(await unit.members()).toEqual([child.pid]);
    const report = await unit.end({ graceMs: 2000 });
    expect(report).toMatchObject({ empty: true, removed: false, survivors: [], members: [child.pid] });
    expect(off.leftovers()).toEqual([]);
    await expect(off.reclaim('/x/lifeline-a')).rejects.toMatchObject({ code: 'ERR_UNSUPPORTED_PLATFORM' });
  });

  it('none: signal() reaches the tree and waitEmpty() sees it gone', async () => {
    const unit = createContainment({ mode: 'off' }).forOwner(frame.owner).unit();
    const { child, ready } = await startIn(unit, process.execPath, [fixturePath('tree'), '2', '1']);
    const pids = [child.pid, ...(ready.descendants as number[])];
    expect((await unit.members()).sort()).toEqual(pids.sort());
    const sent = await unit.signal('SIGTERM');
    expect(sent.map((s) => s.outcome)).toEqual(['sent', 'sent', 'sent']);
    expect(await unit.waitEmpty(10_000)).toBe(true);
  });
});

/** pgrp and session of a process from /proc/<pid>/stat. */
function readFileStat(pid: number): { pgrp: number; session: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pgrp: Number(fields[2]), session: Number(fields[3]) };
  } catch {
    return null;
  }
}
