/**
 * How the manager's spawn overhead grows with the registry: the same short child's whole life
 * (spawn, register, wait, unregister) through managers whose registries already hold 10, 100,
 * 1000 and 5000 records of another owner, against bare child_process.spawn detached, one child
 * at a time, interleaved. The child is `sleep 0.005` rather than /bin/true so that every manager
 * child is registered (a /bin/true child can exit before its identity is read, and core then
 * skips the record); the note gives the absolute overhead per child, which the fixed 5 ms does
 * not hide. wrong = children that did not exit 0 or entries left listed after wait().
 */
import { newOwnerId, reapOwner } from '@lifeline/test-utils';
import { type Contender, interleave, printTable, type Suite } from '../harness.js';
import { bareDetached, lanes, managerJob, type SeededManager, seededManager } from '../lib/spawn-contenders.js';

const suite: Suite = async ({ quick }) => {
  const owner = newOwnerId('bench-scale-spawn');
  const perRound = quick ? 4 : 32;
  const [file, args] = ['/bin/sleep', ['0.005']];
  const managers: SeededManager[] = [];
  try {
    for (const size of quick ? [10, 100] : [10, 100, 1000, 5000])
      managers.push(await seededManager(size, `bench-scale-spawn-${size}`));
    const contenders: Contender[] = [
      {
        name: 'child_process.spawn detached (baseline)',
        run: () => lanes(perRound, 1, bareDetached(file, args, owner)),
      },
      ...managers.map(
        (m): Contender => ({
          name: `manager, ${m.records} other records`,
          run: async () => (await lanes(perRound, 1, managerJob(file, args, m))) + m.manager.list().length,
        }),
      ),
    ].map((c) => ({ ...c, teardown: async () => void (await reapOwner(owner)) }));
    const rounds = quick ? 1 : 20;
    const warmup = quick ? 0 : 2;
    const stats = await interleave(contenders, { rounds, warmup });
    const base = stats[0]?.medianMs ?? 0;
    const overhead = stats
      .slice(1)
      .map((s) => `${s.name.replace('manager, ', '')}: +${(((s.medianMs - base) / perRound) * 1000).toFixed(0)} µs`)
      .join(', ');
    const registered = managers.map((m) => m.registered).join(' / ');
    return printTable(
      `scaling: spawn overhead at 10 / 100 / 1000 / 5000 records (${perRound} × \`sleep 0.005\`, 1 at a time)`,
      stats,
      `Manager overhead per child over bare detached (median): ${overhead}. ` +
        `Children durably registered: ${registered} of ${(rounds + warmup) * perRound} each.`,
    );
  } finally {
    for (const m of managers) await m.dispose();
    await reapOwner(owner);
  }
};

export default suite;
