import { expectNoSurvivors, newOwnerId, procState, startFixture } from '@lifeline/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlatform } from '../platform';
import { readStat } from '../unix/linux/proc';

describe('forceKillSync (real processes)', () => {
  let owner = newOwnerId('pk-sync');
  afterEach(async () => {
    await expectNoSurvivors(owner);
    owner = newOwnerId('pk-sync');
  });

  it('kills a whole group synchronously and confirms it', async () => {
    const platform = createPlatform();
    const group = await startFixture('sh-group', { owner });
    const tree = await startFixture('tree', { owner, args: ['1', '1', '--ignore-term'] });
    const leader = await platform.identify(group.pid);
    const reports = platform.forceKillSync([{ pid: group.pid, expect: leader ?? undefined }, { pid: tree.pid }]);
    expect(reports.map((r) => r.pid).sort()).toEqual([...group.allPids, ...tree.allPids].sort());
    expect(reports.every((r) => r.outcome === 'killed')).toBe(true);
    for (const pid of [...group.allPids, ...tree.allPids]) expect(procState(pid) ?? 'Z').toBe('Z');
  });

  it('refuses our own pid, our group and our parent, and validates input', () => {
    const sent: number[] = [];
    const platform = createPlatform({ kill: (pid, signal) => void (signal !== 0 && sent.push(pid)) });
    const ownPgid = readStat(process.pid)?.pgrp as number;
    const reports = platform.forceKillSync([{ pid: process.pid }, { pgid: ownPgid }, { pid: process.ppid }]);
    expect(reports.map((r) => r.outcome)).toEqual(['refused', 'refused', 'refused']);
    expect(sent).toEqual([]);
    expect(() => platform.forceKillSync([{ pid: 0 }])).toThrow(/target.pid must be a positive integer, got 0/);
    expect(() => platform.forceKillSync([], 'SIGNOPE' as NodeJS.Signals)).toThrow(/forceSignal must be a signal name/);
  });
});
