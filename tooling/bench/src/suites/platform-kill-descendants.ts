/**
 * Suite 4: descendants of a live 21-process tree (root + 20 descendants, tree fixture 4×2):
 * @lifeline/platform-kill (/proc/<pid>/task/<tid>/children walk) vs pidtree (runs `ps -A` and
 * builds the tree), with about 100 and about 500 processes on the machine (idle `sleep`
 * fillers raise the count; the table names the count measured before and after). In-process
 * timings through tinybench, interleaved by round. Goal (issue 3): ≥ 20× pidtree.
 * wrong = the most descendants a single call got wrong (missing or extra).
 */
import { readdirSync } from 'node:fs';
import { descendants, terminate } from '@lifeline/platform-kill';
import { newOwnerId, reapOwner, startFixture } from '@lifeline/test-utils';
import pidtree from 'pidtree';
import { printTable, type Suite } from '../harness.js';
import { drainProcessTable, fillProcessTable } from '../lib/background.js';
import { processCount } from '../lib/machine.js';
import { microInterleave } from '../lib/micro.js';

const suite: Suite = async ({ quick }) => {
  const owner = newOwnerId('bench-pk-desc');
  const filler = newOwnerId('bench-pk-desc-fill');
  const tree = await startFixture('tree', { owner, args: quick ? ['2', '1'] : ['4', '2'] });
  const expected = new Set(tree.allPids.filter((pid) => pid !== tree.pid));
  const wrong = (got: number[]) =>
    got.filter((pid) => !expected.has(pid)).length + [...expected].filter((pid) => !got.includes(pid)).length;
  const out: string[] = [];
  // The why behind the figure: descendants() reads one children file per thread of every node.
  const threadFiles = () =>
    tree.allPids.reduce((n, pid) => {
      try {
        return n + readdirSync(`/proc/${pid}/task`).length;
      } catch {
        return n;
      }
    }, 0);
  try {
    for (const target of quick ? [100] : [100, 500]) {
      const before = await fillProcessTable(target, filler);
      const stats = await microInterleave(
        [
          { name: '@lifeline/platform-kill descendants()', run: async () => wrong(await descendants(tree.pid)) },
          { name: 'pidtree', run: async () => wrong(await pidtree(tree.pid)) },
        ],
        { rounds: quick ? 1 : 6, timeMs: quick ? 50 : 500 },
      );
      out.push(
        printTable(
          `platform-kill: descendants of a ${tree.allPids.length}-process tree, ~${target} processes on the machine ` +
            `(${before} before, ${processCount()} after) — goal ≥ 20× pidtree`,
          stats,
          'tinybench, n = calls over all rounds; wrong = the most descendants one call got wrong. ' +
            `descendants() reads /proc/<pid>/task/<tid>/children for every thread of every tree member: ` +
            `${threadFiles()} files per call here (the tree's members are node processes with several threads each).`,
        ),
      );
    }
    return out.join('\n');
  } finally {
    await terminate({ pid: tree.pid }, { graceMs: 0 });
    await reapOwner(owner);
    await drainProcessTable(filler);
  }
};

export default suite;
