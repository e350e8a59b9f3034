/**
 * Suite 5: ending 50 process groups (sh-group fixture: sh + 2 sleep each, 150 processes) with SIGKILL,
 * timed until every process is confirmed dead (zombie or gone), capped at CAP_MS:
 * @lifeline/platform-kill terminateAll (graceMs 0: force at once) vs tree-kill vs fkill (by pid).
 * wrong = processes still alive at the cap (survivors), summed over rounds; survivors are reaped
 * by owner tag between rounds.
 *
 * Goal (issue 3): ≥ 10× fkill and ≥ 40× tree-kill with zero survivors. The note also gives each
 * peer's time until its call returned (before confirming), since that is what a caller waits for.
 *
 * fkill runs the `kill` binary (`kill -9 -- <pid>`) on Linux. It is only ever given pids of
 * `sh` processes this suite spawned, each checked just before the call by ownedPid (integer > 1,
 * not us or an ancestor, carrying this suite's owner tag).
 */
import { terminateAll } from '@lifeline/platform-kill';
import { newOwnerId, type RunningFixture, reapOwner, startFixture } from '@lifeline/test-utils';
import fkill from 'fkill';
import treeKill from 'tree-kill';
import { interleave, printTable, type Suite } from '../harness.js';
import { CAP_MS, confirmDead } from '../lib/confirm-dead.js';
import { ownedPid } from '../lib/guard.js';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;

const suite: Suite = async ({ quick }) => {
  const owner = newOwnerId('bench-pk-groups');
  /** Per contender: ms from the call until it returned, per round (incl. warm-up). */
  const returned = new Map<string, number[]>();
  const timed = async (name: string, call: () => Promise<unknown>) => {
    const t0 = performance.now();
    await call();
    returned.set(name, [...(returned.get(name) ?? []), performance.now() - t0]);
  };
  const n = quick ? 2 : 50;
  let groups: RunningFixture[] = [];
  const start = async () => {
    groups = await Promise.all(Array.from({ length: n }, () => startFixture('sh-group', { owner })));
  };
  const all = () => groups.flatMap((g) => g.allPids);
  // Checked right before every peer call: integer > 1, not us or an ancestor, our owner tag.
  const ours = (pid: number) => ownedPid(pid, owner);
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
            await timed('terminateAll', () =>
              terminateAll(
                groups.map((g) => ({ pid: g.pid })),
                { graceMs: 0 },
              ),
            );
            return confirmDead(all());
          },
          teardown,
        },
        {
          name: 'tree-kill (SIGKILL)',
          setup: start,
          run: async () => {
            const pids = groups.map((g) => ours(g.pid));
            await timed('tree-kill', () =>
              Promise.all(pids.map((pid) => new Promise((r) => treeKill(pid, 'SIGKILL', r)))),
            );
            return confirmDead(all());
          },
          teardown,
        },
        {
          name: 'fkill (force, by pid)',
          setup: start,
          run: async () => {
            const pids = groups.map((g) => ours(g.pid));
            await timed('fkill', () => fkill(pids, { force: true, silent: true }));
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
      `wrong = processes still alive ${CAP_MS} ms after the call (survivors), summed over rounds; a contender with survivors is timed up to that cap. ` +
        `Until the call returned (median incl. warm-up): ${[...returned].map(([k, v]) => `${k} ${median(v).toFixed(1)} ms`).join(', ')}.`,
    );
  } finally {
    await reapOwner(owner);
  }
};

export default suite;
