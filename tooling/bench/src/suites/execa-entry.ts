/**
 * @lifeline/execa's overhead (issue 17): one short child's whole life through execa alone
 * (detached, as @lifeline/execa makes every subprocess, and execa's default), through
 * @lifeline/execa (execa + adoption: identity read, guardian told, record queued), and through
 * core's own spawn (stdio ignored, and buffer: true, the nearest to execa's buffering), with
 * bare child_process.spawn detached for scale. Children: /bin/true and `node -e 0`, one at a
 * time and 8 at a time. The baseline (1.00×) is execa detached. wrong = exits other than 0.
 */
import { createExeca } from '@lifeline/execa';
import { newOwnerId, OWNER_ENV, reapOwner } from '@lifeline/test-utils';
import { type Contender, interleave, printTable, type Suite } from '../harness.js';
import {
  bareDetached,
  spawnCells as cells,
  execaJob,
  type Job,
  lanes,
  managerJob,
  seededManager,
} from '../lib/spawn-contenders.js';

const suite: Suite = async ({ quick }) => {
  const owner = newOwnerId('bench-execa-entry');
  const seeded = await seededManager(10, 'bench-execa-entry-manager');
  const tracked = createExeca(seeded.manager);
  const out: string[] = [];
  try {
    for (const cell of cells(quick)) {
      const { file, args, concurrency, perRound } = cell;
      const round = (job: Job) => () => lanes(perRound, concurrency, job);
      const env = { [OWNER_ENV]: owner };
      const lifelineExeca: Job = async () => (await tracked.execa(file, args, { env, reject: false })).exitCode === 0;
      const buffered: Job = async () =>
        (await seeded.manager.spawn(file, args, { buffer: true }).wait()).exitCode === 0;
      const contenders: Contender[] = [
        { name: 'execa alone, detached (baseline)', run: round(execaJob(file, args, owner, true)) },
        { name: 'execa alone, default (attached)', run: round(execaJob(file, args, owner, false)) },
        { name: '@lifeline/execa (tracked)', run: round(lifelineExeca) },
        { name: 'core spawn + wait, stdio ignore', run: round(managerJob(file, args, seeded)) },
        { name: 'core spawn + wait, buffer: true', run: round(buffered) },
        { name: 'child_process.spawn detached', run: round(bareDetached(file, args, owner)) },
      ].map((c) => ({ ...c, teardown: async () => void (await reapOwner(owner)) }));
      const rounds = quick ? 1 : file === '/bin/true' ? 30 : 15;
      const stats = await interleave(contenders, { rounds, warmup: quick ? 0 : 2 });
      const perChild = stats.map((s) => `${((s.medianMs / perRound) * 1000).toFixed(0)} µs`).join(' / ');
      out.push(
        printTable(
          `execa entry: ${perRound} × \`${cell.label}\`, ${concurrency} at a time`,
          stats,
          `Per child (median round / ${perRound}, rows in order): ${perChild}.`,
        ),
      );
    }
    return out.join('\n');
  } finally {
    await seeded.dispose();
    await reapOwner(owner);
  }
};

export default suite;
