/**
 * Escalation: a process group whose every member ignores SIGTERM (tree fixture 2×1
 * --ignore-term: 3 node processes), SIGTERM then SIGKILL after a 100 ms grace, timed until
 * every member is confirmed dead. @lifeline/platform-kill terminate({ graceMs: 100 }) vs the
 * hand-written pattern (kill(-pgid, SIGTERM), sleep 100, kill(-pgid, SIGKILL), poll kill(pid, 0)
 * until ESRCH) vs fkill({ forceAfterTimeout: 100 }) given every pid.
 * wrong = members still alive (by /proc state) after the contender returned.
 *
 * fkill runs the `kill` binary on Linux; it only ever gets pids this suite spawned, each checked
 * to be a positive integer carrying this suite's owner tag.
 */
import { terminate } from '@lifeline/platform-kill';
import { newOwnerId, procState, type RunningFixture, reapOwner, startFixture } from '@lifeline/test-utils';
import fkill from 'fkill';
import { interleave, printTable, type Suite } from '../harness.js';
import { ownedPid } from '../lib/guard.js';

const GRACE_MS = 100;
const CAP_MS = 5000;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => {
  const s = procState(pid);
  return s !== undefined && s !== 'Z' && s !== 'X';
};

const suite: Suite = async ({ quick }) => {
  /** Per lifeline round: the last member's death, in ms after the graceful signal (from the report). */
  const lastDeath: number[] = [];
  const owner = newOwnerId('bench-pk-esc');
  let tree: RunningFixture | undefined;
  const start = async () => {
    tree = await startFixture('tree', { owner, args: ['2', '1', '--ignore-term'] });
  };
  const current = () => {
    if (!tree) throw new Error('no tree');
    return tree;
  };
  // Checked right before every peer call: integer > 1, not us or an ancestor, our owner tag.
  const ours = (pid: number) => ownedPid(pid, owner);
  const survivors = () => current().allPids.filter(alive).length;
  const teardown = async () => {
    await reapOwner(owner);
    await current().exited;
  };
  try {
    const stats = await interleave(
      [
        {
          name: '@lifeline/platform-kill terminate()',
          setup: start,
          run: async () => {
            const report = await terminate(current().pid, { graceMs: GRACE_MS });
            lastDeath.push(Math.max(...report.processes.map((p) => p.diedAfterMs ?? Number.POSITIVE_INFINITY)));
            return survivors();
          },
          teardown,
        },
        {
          name: 'kill(-pgid) + sleep + SIGKILL + kill(0) poll',
          setup: start,
          run: async () => {
            const t = current();
            const pgid = ours(t.pid);
            process.kill(-pgid, 'SIGTERM');
            await sleep(GRACE_MS);
            process.kill(-pgid, 'SIGKILL');
            const deadline = performance.now() + CAP_MS;
            // kill(0) succeeds on a zombie, so this waits until each is reaped (by init for the orphans).
            for (let left = t.allPids; left.length > 0 && performance.now() < deadline; await sleep(2)) {
              left = left.filter((pid) => {
                try {
                  process.kill(pid, 0);
                  return true;
                } catch {
                  return false;
                }
              });
            }
            return survivors();
          },
          teardown,
        },
        {
          name: 'fkill (forceAfterTimeout 100, all pids)',
          setup: start,
          run: async () => {
            await fkill(current().allPids.map(ours), { forceAfterTimeout: GRACE_MS, silent: true });
            return survivors();
          },
          teardown,
        },
      ],
      { rounds: quick ? 1 : 10, warmup: quick ? 0 : 1 },
    );
    return printTable(
      `platform-kill: escalation of a group ignoring SIGTERM (${GRACE_MS} ms grace) to confirmed dead`,
      stats,
      `wrong = members still alive when the contender returned, summed over rounds. ` +
        `@lifeline/platform-kill, graceful signal → last member confirmed dead (report.diedAfterMs), ` +
        `all ${lastDeath.length} rounds incl. warm-up: median ${median(lastDeath).toFixed(1)} ms, max ${Math.max(...lastDeath).toFixed(1)} ms ` +
        `(grace ${GRACE_MS} ms); the table's time also includes the snapshot taken before the signal.`,
    );
  } finally {
    await reapOwner(owner);
  }
};

export default suite;
