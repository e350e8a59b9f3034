/**
 * Ending 50 process groups (sh-group fixture: sh + 2 sleep each, 150 processes) with SIGKILL,
 * timed until every process is confirmed dead (zombie or gone), capped at CAP_MS:
 * @lifeline/platform-kill terminateAll (graceMs 0: force at once) vs tree-kill vs fkill (by pid).
 * wrong = processes still alive at the cap (survivors), summed over rounds; survivors are reaped
 * by owner tag between rounds.
 *
 * fkill runs the `kill` binary (`kill -9 -- <pid>`) on Linux. It is only ever given pids of
 * `sh` processes this suite spawned, checked just before the call to be positive integers
 * carrying this suite's owner tag.
 */
import { terminateAll } from '@lifeline/platform-kill';
import {
  newOwnerId,
  procState,
  type RunningFixture,
  readOwnerTag,
  reapOwner,
  startFixture,
} from '@lifeline/test-utils';
import fkill from 'fkill';
import treeKill from 'tree-kill';
import { interleave, printTable, type Suite } from '../harness.js';

const CAP_MS = 1000;

const isDead = (pid: number) => {
  const s = procState(pid);
  return s === undefined || s === 'Z' || s === 'X';
};

/** Polls /proc state every 2 ms until all are dead or the cap passes; returns the survivors. */
async function confirmDead(pids: number[]): Promise<number> {
  const deadline = performance.now() + CAP_MS;
  let alive = pids.filter((p) => !isDead(p));
  while (alive.length > 0 && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2));
    alive = alive.filter((p) => !isDead(p));
  }
  return alive.length;
}

const suite: Suite = async ({ quick }) => {
  const owner = newOwnerId('bench-pk-groups');
  const n = quick ? 2 : 50;
  let groups: RunningFixture[] = [];
  const start = async () => {
    groups = await Promise.all(Array.from({ length: n }, () => startFixture('sh-group', { owner })));
  };
  const all = () => groups.flatMap((g) => g.allPids);
  const ours = (pid: number) => {
    if (!Number.isSafeInteger(pid) || pid <= 1 || readOwnerTag(pid) !== owner) throw new Error(`refusing pid ${pid}`);
    return pid;
  };
  const teardown = async () => {
    await reapOwner(owner);
    await Promise.all(groups.map((g) => g.exited));
  };
  try {
    const stats = await interleave(
      [
        {
          name: '@lifeline/platform-kill terminateAll()',
          setup: start,
          run: async () => {
            await terminateAll(
              groups.map((g) => ({ pid: g.pid })),
              { graceMs: 0 },
            );
            return confirmDead(all());
          },
          teardown,
        },
        {
          name: 'tree-kill (SIGKILL)',
          setup: start,
          run: async () => {
            await Promise.all(groups.map((g) => new Promise((r) => treeKill(ours(g.pid), 'SIGKILL', r))));
            return confirmDead(all());
          },
          teardown,
        },
        {
          name: 'fkill (force, by pid)',
          setup: start,
          run: async () => {
            await fkill(
              groups.map((g) => ours(g.pid)),
              { force: true, silent: true },
            );
            return confirmDead(all());
          },
          teardown,
        },
      ],
      { rounds: quick ? 1 : 5, warmup: quick ? 0 : 1 },
    );
    return printTable(
      `platform-kill: SIGKILL ${n} process groups (sh + 2 sleep each) to confirmed dead`,
      stats,
      `wrong = processes still alive ${CAP_MS} ms after the call (survivors), summed over rounds; a contender with survivors is timed up to that cap.`,
    );
  } finally {
    await reapOwner(owner);
  }
};

export default suite;
