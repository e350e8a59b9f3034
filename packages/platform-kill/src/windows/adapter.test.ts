import { describe, expect, it } from 'vitest';
import { createPlatform } from '../platform';
import { windowsWorld } from '../testing/windows-world';

const make = (env?: Record<string, string>) => {
  const world = windowsWorld(env);
  return { world, platform: createPlatform(world.options) };
};

describe('windows adapter (against CIM and taskkill samples)', () => {
  it('does not count a process whose parent pid was reused as a descendant', async () => {
    const { platform } = make();
    expect(await platform.descendants(80200)).not.toContain(80300);
  });

  it('asks each verified member to close with its own taskkill, never /T', async () => {
    const { world, platform } = make();
    const report = await platform.terminate(80200, { graceMs: 1000 });
    expect(world.taskkills.map((args) => args.join(' ')).sort()).toEqual([
      '/PID 80200',
      '/PID 80201',
      '/PID 80202',
      '/PID 80203',
    ]);
    expect(report.processes.every((p) => p.outcome === 'terminated')).toBe(true);
    // 80300's ParentProcessId names 80200, but it is older: taskkill /T would have ended it.
    expect(world.alive(80300)).toBe(true);
  });

  it('forces with /F after the grace, re-reading CreationDate before every taskkill', async () => {
    const { world, platform } = make();
    world.forceOnly.add(80202);
    const report = await platform.terminate(80200, { graceMs: 20, pollMs: 5 });
    expect(world.taskkills.filter((args) => args.includes('/F'))).toEqual([['/PID', '80202', '/F']]);
    expect(report.escalated).toBe(true);
    expect(report.processes.find((p) => p.pid === 80202)?.outcome).toBe('killed');
    expect(report.survivors).toEqual([]);
  });

  it('sends nothing to a pid whose CreationDate changed, though kill(pid, 0) still succeeds', async () => {
    const { world, platform } = make();
    world.forceOnly.add(80202);
    const before = await platform.identify(80202);
    world.reuse(80202); // our worker died; a stranger took its pid
    const report = await platform.terminate({ pid: 80202, expect: before ?? undefined, tree: false }, { graceMs: 0 });
    expect(report.processes[0]).toMatchObject({ outcome: 'gone', reasonCode: 'pid-reused' });
    expect(world.taskkills).toEqual([]);
    expect(world.alive(80202)).toBe(true);
  });

  it('runs no tool and throws a typed error when SystemRoot is not drive-absolute', async () => {
    for (const SystemRoot of ['Windows', '\\\\server\\share\\Windows', 'C:Windows']) {
      const { world, platform } = make({ SystemRoot });
      await expect(platform.terminate(80200)).rejects.toMatchObject({ code: 'ERR_INVALID_SYSTEM_ROOT' });
      expect(world.taskkills).toEqual([]);
    }
    const { platform } = make({});
    await expect(platform.identify(80200)).rejects.toMatchObject({
      code: 'ERR_INVALID_SYSTEM_ROOT',
      message: expect.stringMatching(/drive-absolute/),
    });
  });

  it('refuses process-group targets: Windows has none', async () => {
    const { world, platform } = make();
    const report = await platform.terminate({ pgid: 80200 });
    expect(report.processes[0]).toMatchObject({ outcome: 'refused', reasonCode: 'no-process-groups' });
    expect(world.taskkills).toEqual([]);
  });

  it('forceKillSync runs taskkill /F for each member synchronously', () => {
    const { world, platform } = make();
    const reports = platform.forceKillSync([{ pid: 80200 }]);
    expect(world.taskkills.map((args) => args.join(' ')).sort()).toEqual([
      '/PID 80200 /F',
      '/PID 80201 /F',
      '/PID 80202 /F',
      '/PID 80203 /F',
    ]);
    expect(reports.map((r) => r.outcome)).toEqual(['killed', 'killed', 'killed', 'killed']);
  });
});
