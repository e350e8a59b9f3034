import { expectNoSurvivors, newOwnerId, procState, startFixture, waitFor } from '@lifeline/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlatform } from '../platform';
import type { KillFunction } from '../types';

/** Real process.kill, with every delivered signal recorded. */
function recordingPlatform() {
  const sent: Array<[number, NodeJS.Signals | 0]> = [];
  const kill: KillFunction = (pid, signal) => {
    if (signal !== 0) sent.push([pid, signal]);
    process.kill(pid, signal);
  };
  return { platform: createPlatform({ kill }), sent };
}

const dead = (pid: number) => {
  const state = procState(pid);
  return state === undefined || state === 'Z' || state === 'X';
};

describe('terminate (real processes)', () => {
  let owner = newOwnerId('pk-term');
  afterEach(async () => {
    await expectNoSurvivors(owner);
    owner = newOwnerId('pk-term');
  });

  it('finds and ends a child that called setsid and left the group', async () => {
    const { platform, sent } = recordingPlatform();
    const tree = await startFixture('tree', { owner, args: ['2', '1', '--setsid'] });
    const escaped = tree.ready.escaped?.[0] as number;
    expect(await platform.descendants(tree.pid)).toContain(escaped);
    expect((await platform.identify(escaped))?.pgid).toBe(escaped);
    const report = await platform.terminate(tree.pid, { graceMs: 5000 });
    expect(report.survivors).toEqual([]);
    expect(report.processes.find((p) => p.pid === escaped)?.outcome).toBe('terminated');
    // The root's group once, and the escapee through the group it leads, so that children it
    // forks after the snapshot are reached too (they would otherwise outlive it, reparented to init).
    expect(sent).toEqual(
      expect.arrayContaining([
        [-tree.pid, 'SIGTERM'],
        [-escaped, 'SIGTERM'],
      ]),
    );
    expect(sent).not.toContainEqual([escaped, 'SIGTERM']);
    for (const pid of tree.allPids) expect(dead(pid)).toBe(true);
  });

  it('escalates a group that ignores SIGTERM, measured from the graceful signal', async () => {
    const { platform, sent } = recordingPlatform();
    const tree = await startFixture('tree', { owner, args: ['2', '1', '--ignore-term'] });
    const report = await platform.terminate(tree.pid, { graceMs: 150 });
    expect(report.escalated).toBe(true);
    expect(report.survivors).toEqual([]);
    expect(report.processes.map((p) => p.outcome)).toEqual(['killed', 'killed', 'killed']);
    // Killed means: died after the force signal, which is never sent before the grace ran out.
    for (const p of report.processes) expect(p.diedAfterMs).toBeGreaterThanOrEqual(150);
    expect(sent).toEqual([
      [-tree.pid, 'SIGTERM'],
      [-tree.pid, 'SIGKILL'],
    ]);
  });

  it('treats a zombie as dead: liveness says zombie, terminate says exited and sends nothing to it', async () => {
    const { platform, sent } = recordingPlatform();
    const parent = await startFixture('zombie-parent', { owner });
    const zombie = parent.ready.zombie as number;
    await waitFor(() => procState(zombie) === 'Z', { message: 'child to become a zombie' });
    expect(await platform.liveness(zombie)).toBe('zombie');
    expect((await platform.identify(zombie))?.state).toBe('zombie');
    const alone = await platform.terminate({ pid: zombie, tree: false });
    expect(alone.processes).toEqual([{ pid: zombie, pgid: parent.pid, outcome: 'exited' }]);
    expect(sent).toEqual([]);
    const whole = await platform.terminate(parent.pid, { graceMs: 5000 });
    expect(whole.processes.find((p) => p.pid === zombie)?.outcome).toBe('exited');
    expect(whole.processes.find((p) => p.pid === parent.pid)?.outcome).toBe('terminated');
  });

  it('refuses a reused pid: same pid, different start time → gone, nothing signalled, the process survives', async () => {
    const { platform, sent } = recordingPlatform();
    const sleeper = await startFixture('sleeper', { owner });
    const real = await platform.identify(sleeper.pid);
    if (!real) throw new Error('sleeper not found');
    // The identity a stale record would hold if this pid had been reused since.
    const stale = { pid: sleeper.pid, startTime: String(Number(real.startTime) - 1), bootId: real.bootId };
    const report = await platform.terminate({ pid: sleeper.pid, expect: stale });
    expect(report.processes).toEqual([
      {
        pid: sleeper.pid,
        pgid: sleeper.pid,
        outcome: 'gone',
        reason: expect.stringMatching(/reused/),
        reasonCode: 'pid-reused',
      },
    ]);
    expect(sent).toEqual([]);
    expect(procState(sleeper.pid)).toMatch(/[RS]/);
    expect(await platform.liveness(sleeper.pid, stale)).toBe('reused');
    const ended = await platform.terminate({ pid: sleeper.pid, expect: real });
    expect(ended.processes[0]?.outcome).toBe('terminated');
  });

  it('ends several targets together and refuses the protected one among them', async () => {
    const { platform } = recordingPlatform();
    const groups = await Promise.all([1, 2, 3].map(() => startFixture('sh-group', { owner })));
    const reports = await platform.terminateAll([...groups.map((g) => ({ pid: g.pid })), { pid: 1 }], {
      graceMs: 5000,
    });
    expect(reports).toHaveLength(4);
    for (const [i, g] of groups.entries()) {
      expect(reports[i]?.survivors).toEqual([]);
      expect(reports[i]?.processes.map((p) => p.pid).sort()).toEqual([...g.allPids].sort());
      for (const pid of g.allPids) expect(dead(pid)).toBe(true);
    }
    expect(reports[3]?.processes[0]).toMatchObject({ pid: 1, outcome: 'refused' });
  });

  it('ends a process group by pgid when the expected leader matches, refuses when it is not in the group', async () => {
    const { platform, sent } = recordingPlatform();
    const group = await startFixture('sh-group', { owner });
    const other = await startFixture('sleeper', { owner });
    const otherId = await platform.identify(other.pid);
    const refused = await platform.terminate({ pgid: group.pid, expect: otherId ?? { pid: other.pid } });
    expect(refused.processes[0]).toMatchObject({
      outcome: 'refused',
      reason: expect.stringMatching(/not in process group/),
    });
    expect(sent).toEqual([]);
    const leader = await platform.identify(group.pid);
    const report = await platform.terminate({ pgid: group.pid, expect: leader ?? undefined });
    expect(report.survivors).toEqual([]);
    for (const pid of group.allPids) expect(dead(pid)).toBe(true);
    await platform.terminate(other.pid);
  });

  it('ends a child in our own process group by pid only, never by group', async () => {
    const { platform, sent } = recordingPlatform();
    const child = await startFixture('sleeper', { owner, detached: false });
    const report = await platform.terminate(child.pid);
    expect(report.processes).toEqual([
      { pid: child.pid, pgid: expect.any(Number), outcome: 'terminated', diedAfterMs: expect.any(Number) },
    ]);
    expect(sent).toEqual([[child.pid, 'SIGTERM']]);
  });

  it('graceMs 0 forces at once', async () => {
    const { platform, sent } = recordingPlatform();
    const f = await startFixture('ignore-term', { owner });
    const report = await platform.terminate(f.pid, { graceMs: 0 });
    expect(report.processes[0]?.outcome).toBe('killed');
    expect(sent).toEqual([[-f.pid, 'SIGKILL']]);
  });

  it('reports gone for a process that no longer exists', async () => {
    const { platform, sent } = recordingPlatform();
    const f = await startFixture('exit-with', { owner, args: ['0', '0'] });
    await f.exited;
    const report = await platform.terminate(f.pid);
    expect(report.processes).toEqual([
      { pid: f.pid, pgid: null, outcome: 'gone', reason: 'no such process', reasonCode: 'no-such-process' },
    ]);
    expect(sent).toEqual([]);
  });
});
