import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  expectNoSurvivors,
  fixturePath,
  makeStateDir,
  newOwnerId,
  type RunningFixture,
  type StateDir,
  startFixture,
  waitFor,
} from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createManager } from '../src/index';
import {
  events,
  type GuardedOwner,
  killGuardian,
  openFiles,
  readLog,
  startGuardedOwner,
  waitAllGone,
} from './guardian-helpers';
import { isAlive } from './helpers';

// Containment off: these tests follow the record/owner-tag path (containment.test.ts has the cgroup one).
const env = { FIXTURE_DIR: dirname(fixturePath('tree')), GRACE_MS: '500', OWNER_CONTAINMENT: 'off' };
let owner: string;
let decoyOwner: string;
let state: StateDir;
let decoy: RunningFixture;
let o: GuardedOwner | null;

beforeEach(async () => {
  owner = newOwnerId();
  decoyOwner = newOwnerId();
  state = await makeStateDir('lifeline-core-guardian-');
  // An unrelated process, started by the test under another owner id: it must survive every test.
  decoy = await startFixture('sleeper', { owner: decoyOwner });
  o = null;
});
afterEach(async () => {
  if (o && o.child.exitCode === null && o.child.signalCode === null) o.child.kill('SIGKILL');
  try {
    await expectNoSurvivors(owner, 10_000);
  } finally {
    expect(isAlive(decoy.pid)).toBe(true);
    decoy.child.kill('SIGKILL');
    await expectNoSurvivors(decoyOwner);
    await state.cleanup();
  }
});

describe('the guardian', () => {
  it('owner SIGKILLed: every child, setsid grandchild and daemon is ended; records, owner file and PID file removed', async () => {
    o = await startGuardedOwner(owner, state.dir, 'mixed', env);
    expect(o.pids.length).toBeGreaterThanOrEqual(20);
    expect(o.guardianPid).toBeGreaterThan(1);
    // Its own session (and group): a terminal's Ctrl-C never reaches it.
    const stat = readFileSync(`/proc/${o.guardianPid}/stat`, 'latin1');
    const [, , pgrp, session] = stat
      .slice(stat.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    expect([pgrp, session]).toEqual([o.guardianPid, o.guardianPid]);
    // The owner's end of the pipe is close-on-exec: no child holds a pipe or socket the owner
    // opened (what the owner inherited from this test runner does not count).
    const inherited = new Set(openFiles(process.pid).values());
    const ownerEnds = new Set(
      [...openFiles(o.pid)]
        .filter(([fd, t]) => fd > 2 && /^(pipe|socket):/.test(t) && !inherited.has(t))
        .map(([, t]) => t),
    );
    expect(openFiles(o.guardianPid).get(0)).toMatch(/^(pipe|socket):/);
    const shared = o.pids.flatMap((pid) =>
      [...openFiles(pid)].filter(([, t]) => ownerEnds.has(t)).map(([fd, t]) => `${pid}:${fd}:${t}`),
    );
    expect(shared).toEqual([]);
    // status() (what `lifeline status` / `doctor` print) sees a guardian watching this live owner.
    const observer = createManager({ stateDir: state.dir, logger: false, handleSignals: false });
    const seen = (await observer.status()).owners.find((x) => x.id === owner);
    await observer.close();
    expect(seen).toMatchObject({ alive: true, guardian_pid: o.guardianPid, guardianAlive: true });

    process.kill(o.pid, 'SIGKILL');
    expect((await o.exited).signal).toBe('SIGKILL');
    await waitAllGone(o.pids, 'every child of the killed owner to be ended by the guardian');
    await waitFor(() => !isAlive(o!.guardianPid) && events(state.dir, 'guardian-exited').length === 1, {
      message: 'the guardian to exit',
    });
    const exited = events(state.dir, 'guardian-exited')[0]!;
    expect(exited).toMatchObject({ reason: 'owner lost', by: 'guardian', owner });
    expect(exited.survivors).toBeUndefined();
    expect(events(state.dir, 'owner-lost')).toHaveLength(1);
    expect(events(state.dir, 'guardian-started')).toHaveLength(1);
    const ended = events(state.dir, 'orphan-killed');
    expect(ended.some((e) => e.escalated === true)).toBe(true); // the SIGTERM-ignoring children
    expect(
      JSON.parse(readFileSync(o.registry, 'utf8')).filter((r: { owner?: { id: string } }) => r.owner?.id === owner),
    ).toEqual([]);
    expect(existsSync(join(state.dir, 'owners', `${owner}.json`))).toBe(false);
    expect(existsSync(join(state.dir, 'lifeline.pid'))).toBe(false);
  });

  it('owner SIGKILLed while spawning: the child not yet recorded anywhere is found by its tag', async () => {
    o = await startGuardedOwner(owner, state.dir, 'spawning', env);
    await o.exited;
    const last = o.messages.find((m) => m.lastSpawned)?.lastSpawned as number;
    expect(last).toBeGreaterThan(1);
    await waitAllGone([...o.pids, last], 'the children, and the one spawned as the owner died');
    await waitFor(() => events(state.dir, 'guardian-exited').length === 1, { message: 'the guardian to finish' });
    const byTag = events(state.dir, 'orphan-killed').find((e) => e.pid === last);
    expect(byTag).toMatchObject({ source: 'owner-tag' });
  });

  it('guardian SIGKILLed while the owner lives: guardian-lost logged, a new one starts and still protects', async () => {
    o = await startGuardedOwner(owner, state.dir, 'mixed', env);
    const first = o.guardianPid;
    killGuardian(first, owner);
    await waitFor(() => o!.messages.some((m) => m.guardianStarted && m.guardianStarted !== first), {
      message: 'a new guardian',
    });
    const second = o.messages.find((m) => m.guardianStarted && m.guardianStarted !== first)!.guardianStarted as number;
    expect(o.messages.find((m) => m.guardianLost)).toMatchObject({ guardianLost: first, signal: 'SIGKILL' });
    await waitFor(() => events(state.dir, 'guardian-lost').length === 1, { message: 'guardian-lost in the log' });
    expect(events(state.dir, 'guardian-lost')[0]).toMatchObject({ pid: first, signal: 'SIGKILL' });
    await waitFor(
      () => JSON.parse(readFileSync(join(state.dir, 'owners', `${owner}.json`), 'utf8')).guardian_pid === second,
      { message: 'the owner file to name the new guardian' },
    );
    process.kill(o.pid, 'SIGKILL');
    await waitAllGone(o.pids, 'the children, ended by the restarted guardian');
    await waitFor(() => !isAlive(second), { message: 'the second guardian to exit' });
    expect(events(state.dir, 'owner-lost')).toHaveLength(1);
  });

  it('owner and guardian killed at once: the next start finds every orphan', async () => {
    o = await startGuardedOwner(owner, state.dir, 'mixed', env);
    process.kill(o.pid, 'SIGSTOP'); // so it cannot restart the guardian in between
    killGuardian(o.guardianPid, owner);
    await waitFor(() => !isAlive(o!.guardianPid), { message: 'the guardian to die' });
    process.kill(o.pid, 'SIGKILL');
    await o.exited;
    expect(o.pids.every(isAlive)).toBe(true); // nobody ended them
    const next = createManager({ stateDir: state.dir, ownerId: newOwnerId(), handleSignals: false, graceMs: 500 });
    try {
      const { cleanup } = await next.start();
      expect(cleanup.killed).toBeGreaterThan(0);
      expect(cleanup.entries.some((e) => e.source === 'owner-tag' && e.decision === 'killed')).toBe(true);
    } finally {
      await next.shutdown();
    }
    await waitAllGone(o.pids, 'every orphan ended by startup cleanup');
  });

  it('a corrupt registry file: ends what its own copy and the tags show, logs the corruption', async () => {
    o = await startGuardedOwner(owner, state.dir, 'mixed', env);
    writeFileSync(o.registry, '{"this is": not json');
    process.kill(o.pid, 'SIGKILL');
    await waitAllGone(o.pids, 'every child, despite the corrupt registry');
    await waitFor(() => events(state.dir, 'guardian-exited').length === 1, { message: 'the guardian to finish' });
    const corrupt = events(state.dir, 'registry-corrupt');
    expect(corrupt).toHaveLength(1);
    expect(corrupt[0]).toMatchObject({ level: 40, path: o.registry });
    expect(readdirSync(state.dir).some((f) => f.includes('.corrupt-'))).toBe(true);
    expect(events(state.dir, 'orphan-killed').every((e) => e.source !== 'registry')).toBe(true);
  });

  it('normal shutdown: the owner ends its children, the guardian exits quietly', async () => {
    o = await startGuardedOwner(owner, state.dir, 'signals', env);
    process.kill(o.pid, 'SIGTERM');
    expect(await o.exited).toEqual({ code: 143, signal: null });
    expect(o.pids.filter(isAlive)).toEqual([]);
    await waitFor(() => !isAlive(o!.guardianPid), { message: 'the guardian to exit' });
    const log = readLog(state.dir);
    expect(log.filter((e) => e.event === 'guardian-exited')).toEqual([
      expect.objectContaining({ reason: 'owner shut down' }),
    ]);
    expect(log.some((e) => e.event === 'owner-lost' || e.event === 'guardian-lost')).toBe(false);
    expect(log.some((e) => e.by === 'guardian' && e.event === 'orphan-killed')).toBe(false);
  });
});
