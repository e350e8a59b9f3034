import { describe, expect, it } from 'vitest';
import { PlatformKillError } from '../../errors';
import { createPlatform } from '../../platform';
import { darwinWorld } from '../../testing/darwin-world';

const make = () => {
  const world = darwinWorld();
  const platform = createPlatform({
    platform: 'darwin',
    runner: world.runner,
    runnerSync: world.runnerSync,
    kill: world.kill,
  });
  return { world, platform };
};

describe('darwin adapter (against ps samples)', () => {
  it('runs ps by absolute path with the documented columns', async () => {
    const { world, platform } = make();
    await platform.identify(70200);
    expect(world.commands[0]).toEqual([
      '/bin/ps',
      '-ww',
      '-o',
      'pid=,ppid=,pgid=,stat=,lstart=,command=',
      '-p',
      '70200',
    ]);
  });

  it('reports a zombie as zombie, and as exited when asked to end it', async () => {
    const { world, platform } = make();
    expect(await platform.liveness(70205)).toBe('zombie');
    const report = await platform.terminate({ pid: 70205, tree: false });
    expect(report.processes).toEqual([{ pid: 70205, pgid: 70200, outcome: 'exited' }]);
    expect(world.sent).toEqual([]);
  });

  it('signals the group once and the setsid escapee through its own group, which covers its child', async () => {
    const { world, platform } = make();
    const report = await platform.terminate(70200, { graceMs: 1000 });
    expect(report.survivors).toEqual([]);
    expect(
      world.sent
        .filter((s) => s.signal === 'SIGTERM')
        .map((s) => s.pid)
        .sort(),
    ).toEqual([-70200, -70203]);
    expect(world.alive(70300)).toBe(true);
  });

  it('escalates to SIGKILL when the group ignores SIGTERM', async () => {
    const { world, platform } = make();
    for (const pid of [70200, 70201, 70202]) world.ignoreTerm.add(pid);
    const report = await platform.terminate(70200, { graceMs: 20, pollMs: 5 });
    expect(report.escalated).toBe(true);
    expect(report.processes.find((p) => p.pid === 70202)?.outcome).toBe('killed');
    expect(world.sent).toContainEqual({ pid: -70200, signal: 'SIGKILL' });
    expect(report.survivors).toEqual([]);
  });

  it('says plainly that owner tags and identifySync are unsupported', async () => {
    const { platform } = make();
    expect(platform.capabilities.ownerTags).toBe(false);
    await expect(platform.findByOwnerTag('owner-12345678')).rejects.toSatisfy(
      (e) => PlatformKillError.isInstance(e) && e.code === 'ERR_UNSUPPORTED_PLATFORM' && /environment/.test(e.message),
    );
    expect(() => platform.identifySync(70200)).toThrow(/Linux only/);
  });

  it('forceKillSync ends a tree synchronously through the same guards', () => {
    const { world, platform } = make();
    const reports = platform.forceKillSync([{ pid: 70200 }]);
    expect(
      reports
        .filter((r) => r.outcome === 'killed')
        .map((r) => r.pid)
        .sort(),
    ).toEqual([70200, 70201, 70202, 70203, 70204]);
    expect(world.alive(70300)).toBe(true);
  });

  it('refuses to build a foreign adapter without injected runner and kill', () => {
    expect(() => createPlatform({ platform: 'darwin' })).toThrow(/pass runner, runnerSync and kill/);
  });
});
