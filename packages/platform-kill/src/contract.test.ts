import { expectNoSurvivors, newOwnerId, procState, startFixture } from '@lifeline/test-utils';
import { createPlatform, platformFor } from './platform';
import { selectAdapter } from './select';
import { contractSuite } from './testing/contract';
import { darwinWorld } from './testing/darwin-world';
import { disguise } from './testing/disguise';
import { withHooks } from './testing/hooks';
import { windowsWorld } from './testing/windows-world';
import type { KillFunction } from './types';

/** A pid that held a process we started, which has exited and been reaped. */
async function deadPid(owner: string): Promise<number> {
  const f = await startFixture('exit-with', { owner, args: ['0', '0'] });
  await f.exited;
  return f.pid;
}

/** Ends every process still carrying `owner` (each pinned to the identity read now), then checks none survive. */
async function endOwner(owner: string): Promise<void> {
  const plain = createPlatform();
  const pids = await plain.findByOwnerTag(owner);
  const identities = await Promise.all(pids.map((pid) => plain.identify(pid)));
  await plain.terminateAll(
    identities.flatMap((id) => (id ? [{ pid: id.pid, expect: id, tree: false }] : [])),
    { graceMs: 0 },
  );
  await expectNoSurvivors(owner);
}

contractSuite('linux (real processes)', async ({ stubborn, hooks = {} }) => {
  const owner = newOwnerId('pk-contract');
  const delivered: number[] = [];
  // Real process.kill, recorded, so "nothing reached this pid" can be asserted.
  const kill: KillFunction = (pid, signal) => {
    if (signal !== 0) delivered.push(pid);
    process.kill(pid, signal);
  };
  // root → [escapee (setsid, own group) → 2 children, child → 2 children]
  const tree = await startFixture('tree', {
    owner,
    args: ['2', '2', '--setsid', ...(stubborn ? ['--ignore-term'] : [])],
  });
  const parent = tree.ready.escaped?.[0] as number;
  const real = createPlatform();
  const parentDescendants = await real.descendants(parent);
  const reuse = disguise(selectAdapter({ kill }));
  return {
    platform: platformFor(withHooks(reuse.adapter, hooks)),
    root: tree.pid,
    descendants: tree.ready.descendants ?? [],
    parent,
    parentDescendants,
    missingPid: await deadPid(owner),
    alive: (pid) => {
      const state = procState(pid);
      return state !== undefined && state !== 'Z' && state !== 'X';
    },
    delivered: () => [...delivered],
    prepareReuse: reuse.hide,
    reuse: reuse.reuse,
    cleanup: () => endOwner(owner),
  };
});

contractSuite('darwin (ps samples)', async ({ stubborn, hooks = {} }) => {
  const world = darwinWorld();
  const tree = [70200, 70201, 70202, 70203, 70204, 70205];
  if (stubborn) for (const pid of tree) world.ignoreTerm.add(pid);
  return {
    platform: platformFor(withHooks(selectAdapter(world.options), hooks)),
    root: 70200,
    descendants: tree.slice(1),
    parent: 70203,
    parentDescendants: [70204],
    missingPid: 70999,
    alive: world.alive,
    delivered: () => world.sent.map((s) => s.pid),
    prepareReuse: () => {},
    reuse: world.reuse,
    cleanup: async () => {},
  };
});

contractSuite('windows (CIM and taskkill samples)', async ({ stubborn, hooks = {} }) => {
  const world = windowsWorld();
  const tree = [80200, 80201, 80202, 80203];
  if (stubborn) for (const pid of tree) world.forceOnly.add(pid);
  return {
    platform: platformFor(withHooks(selectAdapter(world.options), hooks)),
    root: 80200,
    descendants: tree.slice(1),
    parent: 80201,
    parentDescendants: [80202],
    missingPid: 80999,
    alive: world.alive,
    delivered: () => world.taskkills.map((args) => Number(args[args.indexOf('/PID') + 1])),
    prepareReuse: () => {},
    reuse: world.reuse,
    cleanup: async () => {},
  };
});
