import { identify } from '@lifeline/platform-kill';
import { expectNoSurvivors, newOwnerId, procState, reapOwner, startFixture, waitFor } from '@lifeline/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { expectedOfIdentity } from '../identity';
import { TAG_ENV } from '../protocol/owner-child';
import { type SweepTarget, sweep } from './engine';
import { newTagPrefix } from './owner-tag';

let owner: string;
afterEach(async () => {
  await reapOwner(owner);
  await expectNoSurvivors(owner);
});

const alive = (pid: number) => {
  const state = procState(pid);
  return state !== undefined && state !== 'Z' && state !== 'X';
};

async function pinned(pid: number, startTime?: string): Promise<SweepTarget> {
  const identity = (await identify(pid))!;
  const expect = { ...expectedOfIdentity(identity), ...(startTime ? { startTime } : {}) };
  return { pid, source: 'registry', record: null, target: { pid, expect, tree: true } };
}

describe('sweep engine', () => {
  it('ends a pinned tree, reports a reused pid as its own outcome (never signalled), and hands stale ones to removal', async () => {
    owner = newOwnerId();
    const tree = await startFixture('tree', { owner, args: ['1', '2'] });
    const bystander = await startFixture('sleeper', { owner });
    const stale: number[] = [];
    const results = await sweep([[await pinned(tree.pid)], [await pinned(bystander.pid, '1')]], {
      graceMs: 2000,
      removeStale: async (swept) => void stale.push(...swept.map((s) => s.planned.pid)),
    });
    const byPid = new Map(results.map((r) => [r.planned.pid, r]));
    expect(byPid.get(tree.pid)?.outcome).toBe('ended');
    expect(byPid.get(tree.pid)?.complete).toBe(true);
    expect(byPid.get(bystander.pid)?.outcome).toBe('reused');
    expect(alive(bystander.pid)).toBe(true);
    for (const pid of tree.allPids) await waitFor(() => !alive(pid), { timeoutMs: 30_000 });
    expect(stale.sort()).toEqual([tree.pid, bystander.pid].sort());
  });

  it('sweeps the owner tag (exact prefix, never older than the owner) until nothing new is found', async () => {
    owner = newOwnerId();
    const prefix = newTagPrefix('/tmp/lifeline-engine-test');
    // Started before the "owner": a spoofed tag on a process that cannot be its child.
    const spoofed = await startFixture('sleeper', { owner, env: { [TAG_ENV]: `${prefix}0` } });
    const tagged = await startFixture('sleeper', { owner, env: { [TAG_ENV]: `${prefix}1` } });
    const ownerStart = (await identify(tagged.pid))!.startTime;
    const idOnly = await startFixture('sleeper', { owner }); // LIFELINE_OWNER alone proves nothing
    const otherDir = await startFixture('sleeper', { owner, env: { [TAG_ENV]: `x${prefix}1` } });
    const owners = [{ ownerId: owner, prefix, startTime: ownerStart }];
    const results = await sweep([[]], { graceMs: 2000, tag: { owners, passes: 3 } });
    expect(results.map((r) => [r.planned.pid, r.planned.source, r.outcome])).toContainEqual([
      tagged.pid,
      'owner-tag',
      'ended',
    ]);
    expect(results.map((r) => r.planned.pid)).not.toContain(idOnly.pid);
    expect(results.map((r) => r.planned.pid)).not.toContain(otherDir.pid);
    // The spoof announced readiness before the tagged one was even spawned: it is older.
    expect(results.map((r) => r.planned.pid)).not.toContain(spoofed.pid);
    expect(alive(spoofed.pid)).toBe(true);
    expect(alive(idOnly.pid)).toBe(true);
    expect(alive(otherDir.pid)).toBe(true);
    await waitFor(() => !alive(tagged.pid), { timeoutMs: 30_000 });
  });
});
