import { identify } from '@lifeline/platform-kill';
import { expectNoSurvivors, newOwnerId, procState, reapOwner, startFixture, waitFor } from '@lifeline/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { expectedOfIdentity } from '../identity';
import { type SweepTarget, sweep } from './engine';

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

  it('sweeps the owner tag again after the batches until nothing new is found', async () => {
    owner = newOwnerId();
    const tagged = await startFixture('sleeper', { owner });
    const results = await sweep([[]], { graceMs: 2000, tag: { ownerIds: [owner], passes: 3 } });
    expect(results.map((r) => [r.planned.pid, r.planned.source, r.outcome])).toEqual([
      [tagged.pid, 'owner-tag', 'ended'],
    ]);
    await waitFor(() => !alive(tagged.pid), { timeoutMs: 30_000 });
  });
});
