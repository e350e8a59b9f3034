import { describe, expect, it } from 'vitest';
import { createPlatform } from '../../platform';
import { darwinWorld } from '../../testing/darwin-world';
import { PS_TABLE, PS_USER_ENV, SAMPLE_OWNER } from './__samples__/ps';
import { envValuePids, taggedPids } from './owner-tag';
import { parsePs } from './parse-ps';

const make = () => {
  const world = darwinWorld();
  return { world, platform: createPlatform(world.options) };
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

  it('finds descendants with one walk over the ps -A table (the only descendants path)', async () => {
    const { world, platform } = make();
    expect((await platform.descendants(70200)).sort()).toEqual([70201, 70202, 70203, 70204, 70205]);
    expect(world.commands).toEqual([['/bin/ps', '-A', '-ww', '-o', 'pid=,ppid=,pgid=,stat=,lstart=,command=']]);
    expect(platform.capabilities.descendantsVia).toBe('ps');
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

  it("finds our own user's tagged processes through ps -E, never an argument that mentions the tag", async () => {
    const { world, platform } = make();
    expect(platform.capabilities.ownerTags).toBe(true);
    const uid = String(process.getuid?.());
    expect((await platform.findByOwnerTag(SAMPLE_OWNER)).sort()).toEqual([70200, 70201, 70202, 70203, 70204]);
    expect(world.commands).toEqual(
      expect.arrayContaining([
        ['/bin/ps', '-ww', '-U', uid, '-o', 'pid=,ppid=,pgid=,stat=,lstart=,command='],
        ['/bin/ps', '-E', '-ww', '-U', uid, '-o', 'pid=,ppid=,pgid=,stat=,lstart=,command='],
      ]),
    );
    expect(await platform.findByOwnerTag('ll-someone-else')).toEqual([]);
    // A process that took a tagged pid carries no tag: it is not found.
    world.reuse(70201);
    expect(await platform.findByOwnerTag(SAMPLE_OWNER)).not.toContain(70201);
  });

  it('reads the tag only from the environment part of the recorded ps -E output', () => {
    const plain = parsePs(PS_TABLE);
    const withEnv = parsePs(PS_USER_ENV);
    // The zombie (70205) is excluded; 70300 has LIFELINE_OWNER=<id>X, LIFELINE_OWNER_X=<id> and the
    // tag inside another value; 70400 (grep) has it in its arguments only.
    expect(taggedPids(plain, withEnv, SAMPLE_OWNER, 1)).toEqual([70200, 70201, 70202, 70203, 70204]);
    expect(taggedPids(plain, withEnv, SAMPLE_OWNER, 70202)).not.toContain(70202);
    // A row whose start time differs between the two reads is another process: not taken.
    const restarted = withEnv.map((r) => (r.pid === 70204 ? { ...r, startTime: 'later' } : r));
    expect(taggedPids(plain, restarted, SAMPLE_OWNER, 1)).not.toContain(70204);
    expect(taggedPids(plain, withEnv, 'll-0123abc', 1)).toEqual([]);
  });

  it('finds any variable by exact value or prefix, from the environment part only', async () => {
    const plain = parsePs(PS_TABLE);
    const withEnv = parsePs(PS_USER_ENV);
    const exact = envValuePids(plain, withEnv, 'LIFELINE_OWNER', [SAMPLE_OWNER], false, 1);
    expect(exact.get(SAMPLE_OWNER)).toEqual([70200, 70201, 70202, 70203, 70204]);
    // As a prefix, <id>X (70300) matches too; the argument-only mention (70400) never does.
    const prefixed = envValuePids(plain, withEnv, 'LIFELINE_OWNER', [SAMPLE_OWNER], true, 1).get(SAMPLE_OWNER);
    expect(prefixed).toContain(70300);
    expect(prefixed).not.toContain(70400);
    const { platform } = make();
    expect((await platform.findByEnvValue('LIFELINE_OWNER', [SAMPLE_OWNER])).get(SAMPLE_OWNER)?.sort()).toEqual([
      70200, 70201, 70202, 70203, 70204,
    ]);
  });

  it('says plainly that identifySync is unsupported', () => {
    const { platform } = make();
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
