import { spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { openRegistry } from '@lifeline/persistence';
import { identify } from '@lifeline/platform-kill';
import {
  expectNoSurvivors,
  fixturePath,
  makeStateDir,
  newOwnerId,
  type RunningFixture,
  startFixture,
  waitFor,
} from '@lifeline/test-utils';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreError } from '../src/index';
import { type GuardedOwner, startGuardedOwner, waitAllGone } from './guardian-helpers';
import { isAlive, makeManager, useManager } from './helpers';

const h = useManager();
const started: RunningFixture[] = [];

afterEach(async () => {
  // Whatever a failed test left of what it started itself (its own handles only).
  for (const f of started.splice(0))
    if (f.child.exitCode === null && f.child.signalCode === null) f.child.kill('SIGKILL');
});

/** A tree (root + 2 children) started with plain child_process.spawn: in our own process group, not detached. */
async function plainTree(): Promise<RunningFixture> {
  const f = await startFixture('tree', { owner: h.owner, args: ['2', '1'], detached: false });
  started.push(f);
  return f;
}

const records = async () => {
  await h.manager.flush();
  const store = openRegistry({ path: h.manager.layout.registryFile });
  try {
    return (await store.list()).map((r) => r.pid);
  } finally {
    await store.close();
  }
};

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(CoreError.isInstance(error)).toBe(true);
  return (error as CoreError).code;
}

describe('adopt', () => {
  it('a bare pid from plain child_process.spawn: recorded, kill() ends its tree, wait() resolves, record removed', async () => {
    const f = await plainTree();
    // A poll far beyond the test's timeout: kill() must not wait for it (a confirmed death re-checks at once).
    const handle = await h.manager.adopt(f.pid, { scriptPath: 'plain-tree', pollMs: 60_000 });
    expect(handle.child).toBeNull();
    expect(handle.info).toMatchObject({ pid: f.pid, scriptPath: 'plain-tree', adopted: true });
    expect(h.manager.get(f.pid)?.adopted).toBe(true);
    expect(await records()).toEqual([f.pid]);
    const report = await h.manager.kill(f.pid);
    expect(report.survivors).toEqual([]);
    await waitFor(() => f.allPids.every((pid) => !isAlive(pid)), { timeoutMs: 30_000, message: 'tree gone' });
    expect(await handle.wait()).toMatchObject({ pid: f.pid, exitCode: null, signal: null });
    expect(h.manager.list()).toEqual([]);
    expect(await records()).toEqual([]);
  });

  it('a bare pid that exits by itself is seen by polling its identity and unregistered', async () => {
    const f = await startFixture('sleeper', { owner: h.owner, detached: false });
    started.push(f);
    const handle = await h.manager.adopt(f.pid, { pollMs: 20 });
    f.child.kill('SIGTERM'); // our own handle on what we spawned
    expect(await handle.wait()).toMatchObject({ pid: f.pid, exitCode: null, signal: null });
    expect(h.manager.get(f.pid)).toBeUndefined();
    expect(await records()).toEqual([]);
  });

  it('a ChildProcess from plain spawn and an execa subprocess: killAll ends both trees, wait() gives the exit signal', async () => {
    const f = await plainTree();
    const viaExeca = execa(process.execPath, [fixturePath('tree'), '2', '1'], {
      env: { LIFELINE_OWNER: h.owner },
      buffer: false,
      reject: false,
    });
    const line = await new Promise<string>((resolve) =>
      viaExeca.stdout.once('data', (d: Buffer) => resolve(String(d))),
    );
    const e = JSON.parse(line) as { pid: number; descendants: number[] };
    const a = await h.manager.adopt(f.child, { scriptPath: 'plain' });
    const b = await h.manager.adopt(viaExeca, { scriptPath: 'execa' });
    expect(a.child).toBe(f.child);
    expect(b.child).toBe(viaExeca);
    expect((await records()).sort()).toEqual([f.pid, e.pid].sort());
    const reports = await h.manager.killAll({ graceMs: 2000 });
    expect(reports.flatMap((r) => r.survivors)).toEqual([]);
    await waitAllGone([...f.allPids, e.pid, ...e.descendants], 'both trees gone');
    expect((await a.wait()).signal).toBe('SIGTERM');
    expect((await b.wait()).signal).toBe('SIGTERM');
    expect((await viaExeca).signal).toBe('SIGTERM'); // execa's own result, unchanged
    expect(await records()).toEqual([]);
  });

  it('refuses pid 1, our own pid, our parent, a dead pid, a zombie, a start-time mismatch and a second adoption; records nothing', async () => {
    const live = await plainTree();
    const zombieParent = await startFixture('zombie-parent', { owner: h.owner });
    started.push(zombieParent);
    const dead = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((resolve) => dead.once('spawn', resolve));
    const deadIdentity = await identify(dead.pid!);
    await new Promise((resolve) => dead.once('exit', resolve));
    const m = h.manager;
    expect(await refusal(m.adopt(1))).toBe('ERR_PROTECTED_PID');
    expect(await refusal(m.adopt(process.pid))).toBe('ERR_PROTECTED_PID');
    expect(await refusal(m.adopt(process.ppid))).toBe('ERR_PROTECTED_PID');
    expect(await refusal(m.adopt(dead))).toBe('ERR_NOT_RUNNING');
    // The dead pid, bare, pinned to the start time it had: gone (or, were it reused meanwhile, not the same process).
    expect(['ERR_NOT_RUNNING', 'ERR_IDENTITY_MISMATCH']).toContain(
      await refusal(m.adopt(dead.pid!, { startTime: deadIdentity?.startTime ?? '1' })),
    );
    expect(await refusal(m.adopt(zombieParent.ready.zombie!))).toBe('ERR_NOT_RUNNING');
    const actual = (await identify(live.pid))!;
    expect(await refusal(m.adopt(live.pid, { startTime: `${actual.startTime}1` }))).toBe('ERR_IDENTITY_MISMATCH');
    expect(await refusal(m.adopt(live.pid, { bootId: 'another-boot' }))).toBe('ERR_IDENTITY_MISMATCH');
    expect(await refusal(m.adopt(-5))).toBe('ERR_INVALID_ARGUMENT');
    expect(await refusal(m.adopt('123' as never))).toBe('ERR_INVALID_ARGUMENT');
    expect(m.list()).toEqual([]);
    expect(await records()).toEqual([]);
    // Nothing refused was signalled.
    expect(live.allPids.every(isAlive)).toBe(true);
    // The right start time is accepted; a second adoption of the same pid is refused.
    await m.adopt(live.pid, { startTime: actual.startTime, bootId: actual.bootId ?? undefined });
    expect(await refusal(m.adopt(live.pid))).toBe('ERR_ALREADY_TRACKED');
    expect(await records()).toEqual([live.pid]);
    await m.kill(live.pid);
    zombieParent.child.kill('SIGKILL');
  });

  it('owner SIGKILLed with the guardian: adopted trees (plain spawn and execa, not carrying the owner tag) are ended from their records', async () => {
    await withAdoptingOwner('guardian', async (o) => {
      process.kill(o.pid, 'SIGKILL');
      expect((await o.exited).signal).toBe('SIGKILL');
      await waitAllGone(o.pids, 'the adopted trees to be ended by the guardian');
      // The guardian still removes the records and writes its last log line: the state dir goes after it.
      await waitFor(() => !isAlive(o.guardianPid), { timeoutMs: 20_000, message: 'the guardian to exit' });
    });
  });

  it('owner SIGKILLed without a guardian: the next start finds the adopted trees by their records and ends them', async () => {
    await withAdoptingOwner('no-guardian', async (o, stateDir) => {
      expect(o.guardianPid).toBeNull();
      process.kill(o.pid, 'SIGKILL');
      expect((await o.exited).signal).toBe('SIGKILL');
      // Nothing watched them: the adopted trees outlive their owner.
      expect(o.pids.every(isAlive)).toBe(true);
      const next = await makeManager(newOwnerId('next'), { stateDir });
      try {
        const { cleanup } = await next.manager.start();
        expect(cleanup.entries.filter((e) => e.decision === 'killed').length).toBe(2);
        await waitAllGone(o.pids, 'the adopted trees to be ended by the next start');
      } finally {
        await next.close();
      }
    });
  });
});

/**
 * Run test/fixtures/adopting-owner.mjs (two adopted trees of 3, tagged with their own id, not
 * the owner's) in a temp state dir, then make sure none of its trees survives.
 */
async function withAdoptingOwner(
  mode: 'guardian' | 'no-guardian',
  test: (o: GuardedOwner, stateDir: string) => Promise<void>,
) {
  const adoptTag = newOwnerId('adopted');
  const state = await makeStateDir('lifeline-core-adopt-owner-');
  try {
    const env = { FIXTURE_DIR: dirname(fixturePath('tree')), ADOPT_TAG: adoptTag };
    const o = await startGuardedOwner(h.owner, state.dir, mode, env, 'adopting-owner.mjs');
    try {
      expect(o.pids.length).toBe(6);
      expect(o.pids.every(isAlive)).toBe(true);
      await test(o, state.dir);
    } finally {
      if (o.child.exitCode === null && o.child.signalCode === null) o.child.kill('SIGKILL');
      await expectNoSurvivors(adoptTag, 10_000);
    }
  } finally {
    await state.cleanup();
  }
}
