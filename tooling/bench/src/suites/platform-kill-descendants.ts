/**
 * Descendants of a live 21-process tree (root + 20 descendants, tree fixture 4×2):
 * @lifeline/platform-kill (/proc/<pid>/task/<tid>/children walk) vs pidtree (spawns `ps`).
 * A contender is wrong in a round when its answer is not exactly the 20 descendants.
 */
import { descendants, terminate } from '@lifeline/platform-kill';
import { newOwnerId, reapOwner, startFixture } from '@lifeline/test-utils';
import pidtree from 'pidtree';
import { interleave, printTable, type Suite } from '../harness.js';

const suite: Suite = async ({ quick }) => {
  const owner = newOwnerId('bench-pk-desc');
  const tree = await startFixture('tree', { owner, args: quick ? ['2', '1'] : ['4', '2'] });
  const expected = new Set(tree.allPids.filter((pid) => pid !== tree.pid));
  const wrong = (got: number[]) => (got.length === expected.size && got.every((pid) => expected.has(pid)) ? 0 : 1);
  try {
    const stats = await interleave(
      [
        { name: '@lifeline/platform-kill descendants()', run: async () => wrong(await descendants(tree.pid)) },
        { name: 'pidtree', run: async () => wrong(await pidtree(tree.pid)) },
      ],
      { rounds: quick ? 1 : 50, warmup: quick ? 0 : 5 },
    );
    return printTable(
      `platform-kill: descendants of a ${tree.allPids.length}-process tree (${expected.size} descendants)`,
      stats,
      'wrong = rounds whose answer was not exactly the set of descendants.',
    );
  } finally {
    await terminate({ pid: tree.pid }, { graceMs: 0 });
    await reapOwner(owner);
  }
};

export default suite;
