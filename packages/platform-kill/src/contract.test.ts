import { expectNoSurvivors, newOwnerId, procState, startFixture } from '@lifeline/test-utils';
import { createPlatform } from './platform';
import { contractSuite } from './testing/contract';
import { darwinWorld } from './testing/darwin-world';
import { windowsWorld } from './testing/windows-world';
import type { KillFunction } from './types';

/** A pid that held a process we started, which has exited and been reaped. */
async function deadPid(owner: string): Promise<number> {
  const f = await startFixture('exit-with', { owner, args: ['0', '0'] });
  await f.exited;
  return f.pid;
}

contractSuite('linux (real processes)', async () => {
  const owner = newOwnerId('pk-contract');
  let sent = 0;
  // Real process.kill, counted, so "nothing was signalled" can be asserted.
  const kill: KillFunction = (pid, signal) => {
    if (signal !== 0) sent++;
    process.kill(pid, signal);
  };
  const tree = await startFixture('tree', { owner, args: ['2', '1', '--setsid'] });
  const platform = createPlatform({ kill });
  return {
    platform,
    root: tree.pid,
    descendants: tree.ready.descendants ?? [],
    missingPid: await deadPid(owner),
    alive: (pid) => {
      const state = procState(pid);
      return state !== undefined && state !== 'Z' && state !== 'X';
    },
    signalsSent: () => sent,
    cleanup: async () => {
      await platform.terminate({ pid: tree.pid, expect: { pid: tree.pid } }, { graceMs: 0 });
      await expectNoSurvivors(owner);
    },
  };
});

contractSuite('darwin (ps samples)', async () => {
  const world = darwinWorld();
  const platform = createPlatform({
    platform: 'darwin',
    runner: world.runner,
    runnerSync: world.runnerSync,
    kill: world.kill,
  });
  return {
    platform,
    root: 70200,
    descendants: [70201, 70202, 70203, 70204, 70205],
    missingPid: 70999,
    alive: world.alive,
    signalsSent: () => world.sent.length,
    cleanup: async () => {},
  };
});

contractSuite('windows (CIM and taskkill samples)', async () => {
  const world = windowsWorld();
  const platform = createPlatform({
    platform: 'windows',
    runner: world.runner,
    runnerSync: world.runnerSync,
    kill: world.kill,
    env: world.env,
  });
  return {
    platform,
    root: 80200,
    descendants: [80201, 80202, 80203],
    missingPid: 80999,
    alive: world.alive,
    signalsSent: () => world.taskkills.length,
    cleanup: async () => {},
  };
});
