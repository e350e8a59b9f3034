import { describe, expect, it } from 'vitest';
import { createPlatform } from '../platform';
import { windowsWorld } from '../testing/windows-world';

const make = () => {
  const world = windowsWorld();
  const platform = createPlatform({
    platform: 'windows',
    runner: world.runner,
    runnerSync: world.runnerSync,
    kill: world.kill,
    env: world.env,
  });
  return { world, platform };
};

describe('windows adapter (against CIM and taskkill samples)', () => {
  it('does not count a process whose parent pid was reused as a descendant', async () => {
    const { platform } = make();
    expect(await platform.descendants(80200)).not.toContain(80300);
  });

  it('asks the tree to close with taskkill /T, once, at the root', async () => {
    const { world, platform } = make();
    const report = await platform.terminate(80200, { graceMs: 1000 });
    expect(world.taskkills).toEqual([['/PID', '80200', '/T']]);
    expect(report.processes.every((p) => p.outcome === 'terminated')).toBe(true);
    expect(world.alive(80300)).toBe(true);
  });

  it('forces with /T /F after the grace when the graceful request is refused', async () => {
    const { world, platform } = make();
    world.forceOnly.add(80202);
    const report = await platform.terminate(80200, { graceMs: 20, pollMs: 5 });
    expect(world.taskkills).toEqual([
      ['/PID', '80200', '/T'],
      ['/PID', '80200', '/T', '/F'],
    ]);
    expect(report.escalated).toBe(true);
    expect(report.processes.map((p) => p.outcome)).toEqual(['killed', 'killed', 'killed', 'killed']);
    expect(report.survivors).toEqual([]);
  });

  it('refuses process-group targets: Windows has none', async () => {
    const { world, platform } = make();
    const report = await platform.terminate({ pgid: 80200 });
    expect(report.processes[0]).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(/process groups/) });
    expect(world.taskkills).toEqual([]);
  });

  it('forceKillSync runs taskkill /T /F synchronously', () => {
    const { world, platform } = make();
    const reports = platform.forceKillSync([{ pid: 80200 }]);
    expect(world.taskkills).toEqual([['/PID', '80200', '/T', '/F']]);
    expect(reports.map((r) => r.outcome)).toEqual(['killed', 'killed', 'killed', 'killed']);
  });
});
