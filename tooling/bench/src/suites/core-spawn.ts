/**
 * Suite 1, @lifeline/core: the full life of a short child — spawn, register (durably), wait,
 * unregister — through the manager, against bare child_process.spawn detached (the baseline)
 * and execa (default and detached). The matrix: /bin/true and `node -e 0` children,
 * concurrency 1 and 8, and the manager with 10 and with 1000 other records in its registry.
 * Goal (issue 5): manager ≤ 1.25× raw detached. wrong = children that did not exit 0, plus,
 * for the manager, entries still listed after their wait() resolved. The note counts how many
 * manager children were durably registered: a /bin/true child can exit before its identity is
 * read, and then core writes no record at all, so that figure partly skips the registry.
 */
import { newOwnerId, reapOwner } from '@lifeline/test-utils';
import { type Contender, interleave, printTable, type Suite } from '../harness.js';
import {
  bareDetached,
  spawnCells as cells,
  execaJob,
  type Job,
  lanes,
  managerJob,
  type SeededManager,
  seededManager,
} from '../lib/spawn-contenders.js';

const suite: Suite = async ({ quick }) => {
  const owner = newOwnerId('bench-core-spawn');
  const sizes = quick ? [10, 100] : [10, 1000];
  const managers: SeededManager[] = [];
  const out: string[] = [];
  try {
    for (const size of sizes) managers.push(await seededManager(size, `bench-core-spawn-${size}`));
    // Side by side: the same manager with containment off (exactly the code before containment).
    managers.push(await seededManager(sizes[0]!, `bench-core-spawn-off-${sizes[0]}`, 'off'));
    for (const cell of cells(quick)) {
      const { file, args, concurrency, perRound } = cell;
      const round = (job: Job) => () => lanes(perRound, concurrency, job);
      const before = managers.map((m) => m.registered);
      const contenders: Contender[] = [
        { name: 'child_process.spawn detached (baseline)', run: round(bareDetached(file, args, owner)) },
        { name: 'execa default', run: round(execaJob(file, args, owner, false)) },
        { name: 'execa detached', run: round(execaJob(file, args, owner, true)) },
        ...managers.map(
          (m): Contender => ({
            name: `manager spawn+register+wait+unregister, ${m.records} other records, containment ${m.containment}`,
            run: async () => (await round(managerJob(file, args, m))()) + m.manager.list().length,
          }),
        ),
      ].map((c) => ({ ...c, teardown: async () => void (await reapOwner(owner)) }));
      const rounds = quick ? 1 : file === '/bin/true' ? 30 : 15;
      const warmup = quick ? 0 : 2;
      const stats = await interleave(contenders, { rounds, warmup });
      const registered = managers.map((m, i) => `${m.registered - (before[i] ?? 0)} at ${m.records} records`);
      const perChild = stats.map((s) => `${((s.medianMs / perRound) * 1000).toFixed(0)} µs`).join(' / ');
      out.push(
        printTable(
          `core: ${perRound} × \`${cell.label}\`, ${concurrency} at a time — goal: manager ≤ 1.25× detached`,
          stats,
          `Per child (median round / ${perRound}, rows in order): ${perChild}. ` +
            `Manager children durably registered (incl. warm-up; the rest exited before their identity was read): ${registered.join(', ')} ` +
            `of ${(rounds + warmup) * perRound} each.`,
        ),
      );
    }
    return out.join('\n');
  } finally {
    for (const m of managers) await m.dispose();
    await reapOwner(owner);
  }
};

export default suite;
