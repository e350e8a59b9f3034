import { fixturePath, listOwnerProcesses, makeStateDir } from '@lifeline/test-utils';
import type { RunOptions } from '../config';
import { runnerManager } from '../instance';
import type { OwnerLedger } from '../leaks';
import { readRegistryRaw } from '../registry-file';
import { checkGoal, countGoal, ScenarioReport } from '../result';
import { ms } from '../stats';

/** Scenario 5: N concurrent children through one manager, then killAll(). */
export async function load(opts: RunOptions, ledger: OwnerLedger): Promise<ScenarioReport> {
  const report = new ScenarioReport(5, 'Load');
  const n = opts.counts.loadChildren;
  const dir = await makeStateDir('ll-rel-load-');
  const owner = ledger.id('load');
  const manager = runnerManager(dir.dir, owner, { graceMs: 2000 });
  try {
    await manager.start();
    const t0 = performance.now();
    // Every tenth child is a shell group with two sleeping children (the group path), the rest plain sleeps.
    const handles = Array.from({ length: n }, (_, i) =>
      i % 10 === 9
        ? manager.spawn('/bin/sh', [fixturePath('sh-group')], { stdio: 'ignore', name: 'sh-group' })
        : manager.spawn('sleep', ['100000'], { stdio: 'ignore', name: 'sleep' }),
    );
    const ready = await Promise.allSettled(handles.map((h) => h.ready));
    const spawnMs = performance.now() - t0;
    const failed = ready.filter((r) => r.status === 'rejected');
    const recordsBefore = (await readRegistryRaw(manager.layout.registryFile)).records.length;
    const tagged = listOwnerProcesses(owner).length;
    const t1 = performance.now();
    const reports = await manager.killAll();
    const killMs = performance.now() - t1;
    const survivors = listOwnerProcesses(owner).length;
    // killAll() resolves once every child is confirmed dead and unregistered in memory; the
    // durable removal of the records is queued behind it (core's contract), and flush() waits for it.
    const beforeFlush = (await readRegistryRaw(manager.layout.registryFile)).records.length;
    const t2 = performance.now();
    await manager.flush();
    const flushMs = performance.now() - t2;
    const after = await readRegistryRaw(manager.layout.registryFile);
    const escalated = reports.filter((r) => r.escalated).length;
    const reported = reports.reduce((a, r) => a + r.survivors.length, 0);

    report.goal(countGoal('Survivors after killAll()', survivors));
    report.goal(countGoal('Records left in the registry after killAll() and flush()', after.records.length));
    report.goal(countGoal('Spawns that failed', failed.length));
    report.goal(
      checkGoal('Children registered before killAll()', recordsBefore === n, String(recordsBefore), String(n)),
    );
    report.table({
      title: `${n} concurrent children through one manager`,
      headers: [
        'Children',
        'Tagged processes',
        'Spawn + durable registration of all, ms',
        'Records before',
        'killAll() ms',
        'Escalated to SIGKILL',
        'Survivors (reported / counted)',
        'Records when killAll() resolved',
        'flush() ms',
        'Records after flush()',
      ],
      rows: [
        [
          n,
          tagged,
          ms(spawnMs),
          recordsBefore,
          ms(killMs),
          escalated,
          `${reported} / ${survivors}`,
          beforeFlush,
          ms(flushMs),
          after.records.length,
        ],
      ],
    });
    if (failed.length)
      report.note(
        `spawn failures: ${[...new Set(failed.map((f) => String((f as PromiseRejectedResult).reason?.message)))].slice(0, 3).join(' | ')}`,
      );
    report.note(
      '90% `sleep 100000`, 10% `sh-group.sh` (a shell leading a group with two sleeping children); graceMs 2000; manager in the runner process, no log file.',
    );
  } finally {
    await manager.shutdown({ graceMs: 0 }).catch(() => undefined);
    await dir.cleanup();
  }
  return report;
}
