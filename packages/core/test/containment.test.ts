import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { createContainment } from '@lifeline/platform-kill';
import {
  cgroupTestFrame,
  fixturePath,
  killRemembered,
  makeStateDir,
  NOBODY,
  newOwnerId,
  OWNER_ENV,
  type StateDir,
  startTimeOf,
  waitFor,
} from '@lifeline/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createManager, type ProcessManager } from '../src/index';
import { events } from './guardian-helpers';
import { fixture } from './helpers';

/**
 * The manager with kernel-enforced containment (cgroup2, as root on this machine): children that
 * escape an owner tag — a double fork with `env -i` + setsid, a child that keeps forking, a
 * setsid + new-group child — are ended by kill, killAll, the guardian after an owner SIGKILL and
 * the next start's cleanup, with zero survivors and zero cgroups left; the same as an
 * unprivileged owner in a delegated subtree; and exactly today's behaviour when containment is off.
 */
const host = createContainment();
const mount = host.info.mount ?? '';
const runnable = host.info.mechanism === 'cgroup2' && process.geteuid?.() === 0;
const FIXTURES = dirname(fixturePath('escape'));

const frame = cgroupTestFrame({ mount, enabled: runnable });
let state: StateDir | null = null;
let managers: ProcessManager[] = [];
let started: ChildProcess[] = [];

const remember = (pid: number) => frame.remember(pid);
const alive = (pid: number, startTime: string | null) => startTime !== null && startTimeOf(pid) === startTime;

afterEach(async () => {
  for (const m of managers) await m.shutdown().catch(() => undefined);
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  managers = [];
  started = [];
  await state?.cleanup();
  state = null;
  // Cleaned first, judged after: a failing test still leaves nothing behind.
  await frame.end();
}, 30_000);

/** Read the first JSON line with `ready: true`. */
function readyOf<T>(child: ChildProcess, timeoutMs = 20_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('owner not ready in time')), timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const message = JSON.parse(line);
      if (!message.ready) return;
      clearTimeout(timer);
      resolve(message as T);
    });
    child.once('exit', (code) => reject(new Error(`owner exited (${code}) before it was ready`)));
  });
}

interface OwnerReady {
  pid: number;
  uid: number;
  guardianPid: number | null;
  containment: { mechanism: string; cgroup: string | null; baseKind?: string; reason: string | null };
  children: Array<{ name: string; pid: number; cgroup: string; members: number[]; ready: { escaped?: number[] } }>;
}

/** Start test/fixtures/contained-owner.mjs (optionally as nobody inside `cgroup`). */
async function startOwner(
  stateDir: string,
  guardian: boolean,
  asNobodyIn?: string,
  ownerId = frame.owner,
  extraEnv: Record<string, string> = {},
  which?: string,
) {
  const argv = [fixture('contained-owner.mjs'), stateDir, ownerId, guardian ? '1' : '0', ...(which ? [which] : [])];
  const env = { ...process.env, [OWNER_ENV]: ownerId, FIXTURES, ...extraEnv };
  const child = asNobodyIn
    ? spawn(
        '/bin/sh',
        [
          '-c',
          `echo $$ > '${asNobodyIn}/cgroup.procs' && exec setpriv --reuid=${NOBODY} --regid=${NOBODY} --clear-groups "$0" "$@"`,
          process.execPath,
          ...argv,
        ],
        { stdio: ['pipe', 'pipe', 'inherit'], env, detached: true },
      )
    : spawn(process.execPath, argv, { stdio: ['pipe', 'pipe', 'inherit'], env, detached: true });
  started.push(child);
  const ready = await readyOf<OwnerReady>(child);
  const members = ready.children.flatMap((c) => c.members);
  for (const pid of members) remember(pid);
  return { child, ready, members };
}

/** Every escape is inside its child's cgroup: the env -i daemon, the loop's children, the regrouped one. */
function expectContained(ready: OwnerReady) {
  expect(ready.containment.mechanism).toBe('cgroup2');
  const escaper = ready.children.find((c) => c.name === 'escape');
  expect(escaper?.members).toContain(escaper?.ready.escaped?.[0]);
  for (const c of ready.children) expect(c.members.length, c.name).toBeGreaterThanOrEqual(2);
}

const allGone = (pids: Array<{ pid: number; startTime: string | null }>) =>
  pids.every(({ pid, startTime }) => !alive(pid, startTime));
const snapshot = (pids: number[]) => pids.map((pid) => ({ pid, startTime: startTimeOf(pid) }));
const ownerCgroupsLeft = () =>
  readdirSync(host.info.base ?? mount).filter((n) => n.startsWith(`lifeline-${frame.owner}`));

/** A started manager of the test's owner (containment on, as by default) in a fresh state dir. */
async function startedManager() {
  state = await makeStateDir('lifeline-contain-');
  const manager = createManager({ stateDir: state.dir, ownerId: frame.owner, handleSignals: false, graceMs: 300 });
  managers.push(manager);
  await manager.start();
  return manager;
}

/** Shut `manager` down: no cgroup of the test's owner is left, and every decoy still runs. */
async function shutdownClean(manager: ProcessManager, decoyPids: Array<{ pid: number; startTime: string | null }>) {
  await manager.shutdown();
  expect(ownerCgroupsLeft()).toEqual([]);
  expect(decoyPids.every(({ pid, startTime }) => alive(pid, startTime))).toBe(true);
}

/** Spawn the three escapes through `manager` and wait for their ready lines. */
async function spawnEscapes(manager: ProcessManager) {
  const commands: Array<[string, string[]]> = [
    ['/bin/sh', [fixturePath('escape')]],
    ['/bin/sh', [fixturePath('fork-loop')]],
    ['/bin/sh', ['-c', 'perl "$0"; exit $?', fixturePath('regroup')]],
  ];
  const handles = [];
  for (const [command, args] of commands) {
    const handle = manager.spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve) =>
      createInterface({ input: handle.child.stdout! }).once('line', resolve),
    );
    handle.child.stdout!.resume();
    await handle.ready;
    handles.push({ handle, ready: JSON.parse(line) as { pid: number; escaped?: number[] } });
  }
  return handles;
}

/** Decoys that must survive: a process of another owner, and one in a cgroup of the test's own. */
function startDecoys() {
  const other = newOwnerId('lifeline-test-other');
  const env = { ...process.env, [OWNER_ENV]: other };
  const tagged = spawn('sleep', ['600'], { detached: true, stdio: 'ignore', env });
  started.push(tagged);
  const dir = frame.cgroup('decoy');
  const caged = spawn('/bin/sh', ['-c', `echo $$ > '${dir}/cgroup.procs' && exec sleep 600`], {
    detached: true,
    stdio: 'ignore',
    env,
  });
  started.push(caged);
  return {
    async ready() {
      await waitFor(() => readFileSync(`${dir}/cgroup.procs`, 'latin1').trim() !== '', { timeoutMs: 10_000 });
      return snapshot([tagged.pid!, caged.pid!]);
    },
  };
}

describe.skipIf(!runnable)('containment through the manager (cgroup2, root)', () => {
  it('kill(pid) ends every member of the child’s cgroup (escaped ones too) and removes it', async () => {
    const manager = await startedManager();
    expect(manager.containment).toMatchObject({ mechanism: 'cgroup2', reason: null });
    const decoys = startDecoys();
    const decoyPids = await decoys.ready();
    const children = await spawnEscapes(manager);
    for (const { handle, ready } of children) {
      const cgroup = handle.info.cgroup!;
      // Its own instance's owner cgroup: `lifeline-<owner>@<state-dir id>.<random>`.
      expect(cgroup).toMatch(
        new RegExp(`^${host.info.base}/lifeline-${frame.owner}@[0-9a-f]{16}\\.[0-9a-f]{8}/c-\\d+$`),
      );
      // The record says which cgroup holds the child.
      const records = (await manager.listTracked()).map((t) => t.record);
      expect(records.find((r) => r.pid === handle.pid)?.cgroup).toBe(cgroup);
      const members = snapshot(
        readFileSync(`${cgroup}/cgroup.procs`, 'latin1').split('\n').filter(Boolean).map(Number),
      );
      for (const m of members) remember(m.pid);
      if (ready.escaped) expect(members.map((m) => m.pid)).toContain(ready.escaped[0]);
      const report = await handle.kill({ graceMs: 300 });
      expect(report.survivors).toEqual([]);
      expect(allGone(members)).toBe(true);
      expect(existsSync(cgroup)).toBe(false);
    }
    await shutdownClean(manager, decoyPids);
  }, 60_000);

  it('killAll ends every unit (and what exited children left behind); shutdown removes the owner cgroup', async () => {
    const manager = await startedManager();
    const decoyPids = await startDecoys().ready();
    const children = await spawnEscapes(manager);
    // A child whose leader exits at once, leaving an env -i daemon in its unit.
    // It exits only once the daemon has its own session (field 6 of /proc/<pid>/stat is its pid).
    const leaver = manager.spawn('/bin/sh', [
      '-c',
      `d=$(env -i /bin/sh -c 'setsid sleep 600 </dev/null >/dev/null 2>&1 & echo $!')
       while [ "$(cut -d' ' -f6 /proc/$d/stat)" != "$d" ]; do :; done`,
    ]);
    const leaverCgroup = leaver.info.cgroup!;
    await leaver.wait();
    expect(existsSync(leaverCgroup)).toBe(true); // the daemon keeps it
    const members = snapshot(
      [...children.map((c) => c.handle.info.cgroup!), leaverCgroup].flatMap((cg) =>
        readFileSync(`${cg}/cgroup.procs`, 'latin1').split('\n').filter(Boolean).map(Number),
      ),
    );
    for (const m of members) remember(m.pid);
    expect(members.length).toBeGreaterThanOrEqual(7);
    const reports = await manager.killAll({ graceMs: 300 });
    expect(reports.every((r) => r.survivors.length === 0)).toBe(true);
    expect(allGone(members)).toBe(true);
    expect(existsSync(leaverCgroup)).toBe(false);
    await shutdownClean(manager, decoyPids);
  }, 60_000);

  it('the guardian, after an owner SIGKILL, ends every member of every child cgroup and removes them', async () => {
    state = await makeStateDir('lifeline-contain-');
    const decoyPids = await startDecoys().ready();
    const { child, ready, members } = await startOwner(state.dir, true);
    expectContained(ready);
    const tracked = snapshot(members);
    // Ours to signal: spawned by this test, checked by start time.
    const ownerStart = startTimeOf(ready.pid);
    expect(ownerStart).not.toBeNull();
    const guardian = snapshot([ready.guardianPid!]);
    child.kill('SIGKILL');
    await waitFor(() => allGone(tracked) && ownerCgroupsLeft().length === 0, { timeoutMs: 20_000 });
    expect(decoyPids.every(({ pid, startTime }) => alive(pid, startTime))).toBe(true);
    // The guardian settles the owner's files last: the state dir is removed only once it is done.
    await waitFor(() => allGone(guardian), { timeoutMs: 20_000, message: 'the guardian to exit' });
  }, 60_000);

  it('one id from two state directories: two owner cgroups; the SIGKILLed one’s guardian reclaims only its own', async () => {
    state = await makeStateDir('lifeline-contain-');
    const otherState = await makeStateDir('lifeline-contain-b-');
    try {
      // B: a live instance of the same id elsewhere, started first (A refuses an id whose children run).
      const b = createManager({ stateDir: otherState.dir, ownerId: frame.owner, handleSignals: false, graceMs: 300 });
      managers.push(b);
      await b.start();
      const a = await startOwner(state.dir, true);
      expectContained(a.ready);
      const bChildren = await spawnEscapes(b);
      const bCgroup = b.containment.cgroup!;
      expect(a.ready.containment.cgroup).not.toBe(bCgroup);
      const bMembers = snapshot(
        bChildren.flatMap(({ handle }) =>
          readFileSync(`${handle.info.cgroup}/cgroup.procs`, 'latin1').split('\n').filter(Boolean).map(Number),
        ),
      );
      for (const m of bMembers) remember(m.pid);
      const bDaemon = bChildren[0]!.ready.escaped![0]!;
      expect(bMembers.map((m) => m.pid)).toContain(bDaemon);
      const aMembers = snapshot(a.members);
      const guardian = snapshot([a.ready.guardianPid!]);
      a.child.kill('SIGKILL'); // the test's own child
      await waitFor(() => allGone(aMembers) && !existsSync(a.ready.containment.cgroup!), {
        timeoutMs: 20_000,
        message: 'A’s guardian to reclaim A’s cgroup (the env -i daemon too)',
      });
      await waitFor(() => allGone(guardian), { timeoutMs: 20_000, message: 'the guardian to exit' });
      // B's cgroups and their long-lived members (its own env -i daemon too) untouched (fork-loop's
      // members are short-lived by design: only its cgroup is checked).
      const startOf = (pid: number) => bMembers.find((m) => m.pid === pid)?.startTime ?? null;
      for (const pid of [bChildren[0]!.handle.pid, bDaemon, bChildren[2]!.handle.pid])
        expect(alive(pid, startOf(pid)), `B's ${pid}`).toBe(true);
      for (const { handle } of bChildren) expect(existsSync(handle.info.cgroup!)).toBe(true);
      await b.shutdown();
      expect(existsSync(bCgroup)).toBe(false);
      expect(allGone(bMembers)).toBe(true);
    } finally {
      await otherState.cleanup();
    }
  }, 60_000);

  it('an owner that calls process.exit() without shutdown(): the last-chance hook forces its units', async () => {
    state = await makeStateDir('lifeline-contain-');
    const decoyPids = await startDecoys().ready();
    const { child, ready, members } = await startOwner(state.dir, false, undefined, frame.owner, {
      EXIT_WITHOUT_SHUTDOWN: '1',
    });
    expectContained(ready);
    const tracked = snapshot(members);
    child.stdin!.write('end\n');
    await waitFor(() => child.exitCode !== null, { timeoutMs: 20_000, message: 'the owner to exit' });
    expect(child.exitCode).toBe(0);
    // No guardian, no shutdown: only the synchronous exit path ran, and it left no cgroup behind —
    // removable only once empty, so every member (the env -i daemon too) was dead before the owner exited.
    expect(ownerCgroupsLeft()).toEqual([]);
    // Killed members may be zombies for a moment until their reaper (init) collects them.
    await waitFor(() => allGone(tracked), { timeoutMs: 10_000, message: 'the killed members to be reaped' });
    expect(decoyPids.every(({ pid, startTime }) => alive(pid, startTime))).toBe(true);
  }, 60_000);

  it('the next start reclaims a dead owner’s cgroups (found by listing and in its files)', async () => {
    state = await makeStateDir('lifeline-contain-');
    const decoyPids = await startDecoys().ready();
    const { child, ready, members } = await startOwner(state.dir, false);
    expectContained(ready);
    const tracked = snapshot(members);
    child.kill('SIGKILL');
    await waitFor(() => child.exitCode !== null || child.signalCode !== null, { timeoutMs: 10_000 });
    expect(ownerCgroupsLeft().length).toBeGreaterThan(0); // no guardian: they are still there
    const deadOwner = frame.owner;
    const next = createManager({
      stateDir: state.dir,
      ownerId: `${frame.owner}-next`,
      handleSignals: false,
      graceMs: 300,
    });
    managers.push(next);
    const seen = { found: [] as number[], killed: [] as number[] };
    next.on('orphan-found', ({ pid }) => seen.found.push(pid));
    next.on('orphan-killed', ({ pid }) => seen.killed.push(pid));
    const dry = await next.cleanupOrphans({ dryRun: true });
    expect(dry.cgroups.map((c) => [c.ownerId, c.decision])).toEqual([[deadOwner, 'would-reclaim']]);
    expect(allGone(tracked)).toBe(false);
    // The env -i daemon is in no record and carries no tag: only its cgroup finds it, and says so.
    const daemon = ready.children.find((c) => c.name === 'escape')!.ready.escaped![0]!;
    const records = ready.children.map((c) => c.pid);
    const pidsOf = (entries: typeof dry.entries) => entries.map((e) => e.pid);
    expect(new Set(pidsOf(dry.entries)).size).toBe(dry.entries.length); // one entry per pid
    expect(dry.entries.find((e) => e.pid === daemon)).toMatchObject({
      source: 'cgroup',
      decision: 'would-kill',
      record: null,
      cgroup: expect.stringContaining(`/lifeline-${deadOwner}`),
    });
    // Records stay record entries, though their pids are cgroup members too.
    for (const pid of records) expect(dry.entries.find((e) => e.pid === pid)?.source).toBe('registry');
    expect(seen.found).toEqual(expect.arrayContaining([daemon, ...records]));
    seen.found = [];
    const { cleanup } = await next.start();
    expect(cleanup.cgroups).toMatchObject([{ ownerId: deadOwner, decision: 'reclaimed', removed: true }]);
    expect(allGone(tracked)).toBe(true);
    expect(new Set(pidsOf(cleanup.entries)).size).toBe(cleanup.entries.length);
    expect(cleanup.entries.find((e) => e.pid === daemon)).toMatchObject({ source: 'cgroup', decision: 'killed' });
    // The dry run predicted the real run: every member it listed (in the units of the escape and
    // the regrouped child; fork-loop's sleeps live 0.5 s) is an entry of the real run, from the same source.
    const steady = ready.children.filter((c) => c.name !== 'fork-loop').map((c) => c.cgroup);
    const stable = dry.entries.filter((e) => e.source !== 'cgroup' || steady.includes(e.cgroup!));
    expect(stable.filter((e) => e.source === 'cgroup').length).toBeGreaterThanOrEqual(2); // the daemon, perl and its child
    for (const e of stable) expect(cleanup.entries.find((r) => r.pid === e.pid)?.source, String(e.pid)).toBe(e.source);
    expect(cleanup.killed).toBe(cleanup.entries.filter((e) => e.decision === 'killed').length);
    expect(cleanup.killed).toBeGreaterThanOrEqual(records.length + 1);
    expect(seen.found).toContain(daemon);
    expect(seen.killed).toContain(daemon);
    // The JSONL lifecycle log says so too.
    await next.flush();
    const logged = events(state.dir, 'orphan-killed');
    expect(logged.map((e) => e.pid)).toContain(daemon);
    await shutdownClean(next, decoyPids);
  }, 60_000);
});

describe.skipIf(!runnable)('the shared owner cgroup name of earlier versions (lifeline-<ownerId>)', () => {
  /**
   * The shared owner cgroup of earlier versions (`lifeline-<id>`, this test's id) with an env -i
   * daemon in its unit c-1: the test's own process (in `started`; the frame sweeps the cgroup).
   */
  async function sharedWithDaemon() {
    const shared = `${host.info.base}/lifeline-${frame.owner}`;
    mkdirSync(`${shared}/c-1`, { recursive: true });
    // Not a group leader, so setsid(1) needs no fork: one pid from sh to sleep, in its own session.
    const legacy = spawn('/bin/sh', ['-c', `echo $$ > '${shared}/c-1/cgroup.procs' && exec env -i setsid sleep 600`], {
      stdio: 'ignore',
    });
    started.push(legacy);
    await waitFor(
      () =>
        readFileSync(`${shared}/c-1/cgroup.procs`, 'latin1').trim() === String(legacy.pid) &&
        readFileSync(`/proc/${legacy.pid}/comm`, 'latin1').trim() === 'sleep',
      { timeoutMs: 10_000 },
    );
    return { shared, legacy };
  }

  it('is still read as that owner’s leftover: the next start reclaims it, escaped daemon included', async () => {
    state = await makeStateDir('lifeline-contain-');
    const { child, ready, members } = await startOwner(state.dir, false, undefined, frame.owner, {}, 'escape');
    child.kill('SIGKILL');
    await waitFor(() => child.signalCode !== null, { timeoutMs: 10_000 });
    // What an earlier version of this dead owner left behind: the shared name, an env -i daemon in a unit.
    const { shared, legacy } = await sharedWithDaemon();
    const tracked = snapshot([...members, legacy.pid!]);
    const next = createManager({
      stateDir: state.dir,
      ownerId: `${frame.owner}-next`,
      handleSignals: false,
      graceMs: 300,
    });
    managers.push(next);
    const { cleanup } = await next.start();
    const byPath = new Map(cleanup.cgroups.map((c) => [c.path, c]));
    expect(byPath.get(shared)).toMatchObject({ ownerId: frame.owner, decision: 'reclaimed', removed: true });
    expect(byPath.get(ready.containment.cgroup!)).toMatchObject({ ownerId: frame.owner, decision: 'reclaimed' });
    expect(cleanup.entries.find((e) => e.pid === legacy.pid)).toMatchObject({
      source: 'cgroup',
      decision: 'killed',
      cgroup: `${shared}/c-1`,
    });
    await waitFor(() => allGone(tracked), { timeoutMs: 10_000, message: 'the members to be reaped' });
    expect(existsSync(shared)).toBe(false);
    await next.shutdown();
    expect(ownerCgroupsLeft()).toEqual([]);
  }, 60_000);

  it('is never reclaimed by the guardian of a per-instance owner with the same id (it made only its own)', async () => {
    state = await makeStateDir('lifeline-contain-');
    // An older instance's shared cgroup with an env -i daemon: nothing the new owner made.
    const { shared, legacy } = await sharedWithDaemon();
    const [legacyPid] = snapshot([legacy.pid!]);
    const { child, ready, members } = await startOwner(state.dir, true);
    expect(ready.containment.cgroup).not.toBe(shared);
    const tracked = snapshot(members);
    const guardian = snapshot([ready.guardianPid!]);
    child.kill('SIGKILL'); // the test's own child
    await waitFor(() => allGone(tracked) && !existsSync(ready.containment.cgroup!), {
      timeoutMs: 20_000,
      message: 'the guardian to reclaim its owner’s own cgroup',
    });
    await waitFor(() => allGone(guardian), { timeoutMs: 20_000, message: 'the guardian to exit' });
    expect(alive(legacyPid!.pid, legacyPid!.startTime)).toBe(true);
    expect(existsSync(`${shared}/c-1`)).toBe(true);
    // The test's own process and cgroups: ended and removed here (nothing of this state dir names them).
    legacy.kill('SIGKILL');
    await waitFor(() => allGone([legacyPid!]) && readFileSync(`${shared}/c-1/cgroup.procs`, 'latin1').trim() === '', {
      timeoutMs: 10_000,
    });
    rmdirSync(`${shared}/c-1`);
    rmdirSync(shared);
    expect(ownerCgroupsLeft()).toEqual([]);
  }, 60_000);
});

describe.skipIf(!runnable)('delegated subtree: the owner as uid nobody (real)', () => {
  /** mkdir + chown -R to nobody: the delegation systemd grants a user scope. */
  const delegated = () => frame.cgroup('delegated', { delegate: true });

  async function nobodyState(): Promise<StateDir> {
    const dir = await makeStateDir('lifeline-contain-nobody-');
    chownSync(dir.dir, NOBODY, NOBODY);
    return dir;
  }

  const ownerDirOf = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('lifeline-'));

  it('shutdown ends every member and removes its cgroups', async () => {
    const dir = delegated();
    state = await nobodyState();
    const { child, ready, members } = await startOwner(state.dir, false, dir);
    expect(ready.uid).toBe(NOBODY);
    expect(ready.containment).toMatchObject({ mechanism: 'cgroup2', baseKind: 'delegated' });
    expectContained(ready);
    const tracked = snapshot(members);
    child.stdin!.write('end\n');
    await waitFor(() => child.exitCode !== null, { timeoutMs: 20_000 });
    expect(child.exitCode).toBe(0);
    expect(allGone(tracked)).toBe(true);
    expect(ownerDirOf(dir)).toEqual([]);
  }, 60_000);

  it('process.exit() without shutdown(): the last-chance hook forces its units as nobody too', async () => {
    const dir = delegated();
    state = await nobodyState();
    const { child, ready, members } = await startOwner(state.dir, false, dir, frame.owner, {
      EXIT_WITHOUT_SHUTDOWN: '1',
    });
    expect(ready.uid).toBe(NOBODY);
    expectContained(ready);
    const tracked = snapshot(members);
    child.stdin!.write('end\n');
    await waitFor(() => child.exitCode !== null, { timeoutMs: 20_000, message: 'the owner to exit' });
    expect(child.exitCode).toBe(0);
    expect(ownerDirOf(dir)).toEqual([]);
    await waitFor(() => allGone(tracked), { timeoutMs: 10_000, message: 'the killed members to be reaped' });
  }, 60_000);

  it('the guardian after an owner SIGKILL; the next start finds nothing left', async () => {
    const dir = delegated();
    state = await nobodyState();
    const { child, ready, members } = await startOwner(state.dir, true, dir);
    expectContained(ready);
    const tracked = snapshot(members);
    const guardian = snapshot([ready.guardianPid!]);
    child.kill('SIGKILL');
    await waitFor(() => allGone(tracked) && ownerDirOf(dir).length === 0, { timeoutMs: 20_000 });
    await waitFor(() => allGone(guardian), { timeoutMs: 20_000, message: 'the guardian to exit' });
  }, 60_000);

  it('without a guardian: the next start (also nobody, same subtree) reclaims them', async () => {
    const dir = delegated();
    state = await nobodyState();
    const first = await startOwner(state.dir, false, dir);
    const tracked = snapshot(first.members);
    first.child.kill('SIGKILL');
    await waitFor(() => first.child.signalCode !== null, { timeoutMs: 10_000 });
    expect(ownerDirOf(dir).length).toBe(1);
    // The second owner's id still carries the test's, so the last-resort sweep would find its cgroups.
    const second = await startOwner(state.dir, false, dir, `${frame.owner}-2`);
    expect(allGone(tracked)).toBe(true);
    second.child.stdin!.write('end\n');
    await waitFor(() => second.child.exitCode !== null, { timeoutMs: 20_000 });
    expect(ownerDirOf(dir)).toEqual([]);
  }, 60_000);
});

describe('containment off: exactly today’s behaviour, and why', () => {
  for (const [what, option] of [
    ['turned off', 'off'],
    ['injected none (cgroup2 not mounted)', createContainment({ proc: '/nonexistent-proc' })],
  ] as const) {
    it(`${what}: no cgroup, the reason said, an env -i daemon escapes kill as it always did`, async () => {
      state = await makeStateDir('lifeline-contain-off-');
      const manager = createManager({
        stateDir: state.dir,
        ownerId: frame.owner,
        handleSignals: false,
        graceMs: 300,
        containment: option,
      });
      managers.push(manager);
      await manager.start();
      expect(manager.containment.mechanism).toBe('none');
      expect(manager.containment.reason).toMatch(/off|not mounted|mountinfo|cgroup/i);
      const [escaper] = await spawnEscapes(manager);
      const daemon = escaper!.ready.escaped![0]!;
      remember(daemon);
      expect(escaper!.handle.info.cgroup).toBeNull();
      const records = (await manager.listTracked()).map((t) => t.record);
      expect(records.find((r) => r.pid === escaper!.handle.pid)?.cgroup).toBeUndefined();
      const daemonStart = startTimeOf(daemon);
      await manager.killAll({ graceMs: 300 });
      // Today's limit, unchanged: the daemon left the group and the tag; only containment reaches it.
      expect(alive(daemon, daemonStart)).toBe(true);
      await manager.shutdown();
      if (runnable) expect(ownerCgroupsLeft()).toEqual([]);
      expect(killRemembered(frame.takeRemembered())).toEqual([daemon]);
    }, 60_000);
  }
});
