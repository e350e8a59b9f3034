import { setTimeout as sleep } from 'node:timers/promises';
import { resolveLayout } from '@lifeline/persistence';
import { listOwnerProcesses, makeStateDir, procState, reapOwner } from '@lifeline/test-utils';
import type { RunOptions } from '../config';
import { startNextInstance } from '../instance';
import type { OwnerLedger } from '../leaks';
import { OwnerProcess } from '../owner-fixture';
import { readRegistryRaw } from '../registry-file';
import { countGoal, ScenarioReport } from '../result';

const alive = (pid: number) => {
  const s = procState(pid);
  return s !== undefined && s !== 'Z' && s !== 'X';
};
const count = (o: OwnerProcess, type: string) => o.lines.filter((l) => l.type === type).length;

/**
 * Scenario 4: two owners on one state dir register and unregister at full speed; A is
 * SIGKILLed. B's children must be untouched, A's ended (by B's cleanup and a new instance),
 * and no record lost on either side.
 */
export async function twoInstances(opts: RunOptions, ledger: OwnerLedger): Promise<ScenarioReport> {
  const report = new ScenarioReport(4, 'Two instances');
  const rows = [];
  const totals = {
    aSurvivors: 0,
    bTouched: 0,
    lost: 0,
    unparsable: 0,
    bRecordsMissing: 0,
    aRecordsLeft: 0,
    bAfterShutdown: 0,
  };
  for (let round = 0; round < opts.counts.twoInstancesRounds; round++) {
    const dir = await makeStateDir('ll-rel-two-');
    const registryFile = resolveLayout({ stateDir: dir.dir }).registryFile;
    const idA = ledger.id('two-a');
    const idB = ledger.id('two-b');
    const a = new OwnerProcess({ stateDir: dir.dir, ownerId: idA, graceMs: 200, churn: { keep: 3, parallel: 3 } });
    const b = new OwnerProcess({ stateDir: dir.dir, ownerId: idB, graceMs: 200, churn: { keep: 3, parallel: 3 } });
    try {
      await Promise.all([a.waitType('started'), b.waitType('started')]);
      await sleep(opts.counts.twoInstancesMs);
      a.crash();
      await a.exited;
      const atCrash = await readRegistryRaw(registryFile);
      const inFile = new Set(atCrash.records.map((r) => r.pid));
      const lostA = a.liveRegistered().filter((pid) => !inFile.has(pid)).length;
      const aAliveAtCrash = listOwnerProcesses(idA).length;

      b.send('freeze');
      const frozen = await b.waitType('children');
      const bKids = (frozen.children as Array<{ pid: number; name: string }>)
        .filter((c) => c.name === 'sleep')
        .map((c) => c.pid);
      const nowInFile = new Set((await readRegistryRaw(registryFile)).records.map((r) => r.pid));
      const lostB = bKids.filter((pid) => !nowInFile.has(pid)).length;

      b.send('cleanup');
      const cleanup = await b.waitType('cleanup');
      const aAfterB = listOwnerProcesses(idA).length;
      const next = await startNextInstance(dir.dir, ledger.id('two-next'));
      await next.manager.shutdown({ graceMs: 0 }).catch(() => undefined);
      const aSurvivors = listOwnerProcesses(idA).length;
      const bTouched = bKids.filter((pid) => !alive(pid)).length;
      const after = await readRegistryRaw(registryFile);
      const aRecordsLeft = after.records.filter((r) => r.owner?.id === idA).length;
      const bInFile = new Set(after.records.filter((r) => r.owner?.id === idB).map((r) => r.pid));
      const bRecordsMissing = bKids.filter((pid) => !bInFile.has(pid)).length;

      b.send('shutdown');
      await b.exited;
      const bAfterShutdown = listOwnerProcesses(idB).length;
      const final = await readRegistryRaw(registryFile);

      totals.aSurvivors += aSurvivors;
      totals.bTouched += bTouched;
      totals.lost += lostA + lostB;
      totals.unparsable += atCrash.state === 'unparsable' ? 1 : 0;
      totals.bRecordsMissing += bRecordsMissing;
      totals.aRecordsLeft += aRecordsLeft;
      totals.bAfterShutdown += bAfterShutdown + final.records.length;
      const secs = opts.counts.twoInstancesMs / 1000;
      rows.push([
        round + 1,
        opts.counts.twoInstancesMs,
        `${count(a, 'registered')} / ${count(a, 'unregistered')}`,
        `${count(b, 'registered')} / ${count(b, 'unregistered')}`,
        Math.round(
          (count(a, 'registered') + count(a, 'unregistered') + count(b, 'registered') + count(b, 'unregistered')) /
            secs,
        ),
        aAliveAtCrash,
        (cleanup.killed as number) ?? 0,
        aAfterB,
        aSurvivors,
        `${bKids.length - bTouched}/${bKids.length}`,
        `${lostA} / ${lostB}`,
        atCrash.state,
        aRecordsLeft,
        final.records.length,
      ]);
    } finally {
      a.crash();
      b.crash();
      await Promise.all([a.exited, b.exited]);
      await reapOwner(idA);
      await reapOwner(idB);
      await dir.cleanup();
    }
  }
  report.goal(countGoal("A's processes alive after B's cleanup and a new instance", totals.aSurvivors));
  report.goal(countGoal("B's children touched", totals.bTouched));
  report.goal(countGoal('Records lost (A at its crash + B while running)', totals.lost));
  report.goal(countGoal("B's live children without a record after cleanup", totals.bRecordsMissing));
  report.goal(countGoal('Registry unparsable after the crash', totals.unparsable));
  report.goal(countGoal("A's records left after cleanup", totals.aRecordsLeft));
  report.goal(countGoal("B's processes or records left after B's shutdown()", totals.bAfterShutdown));
  report.table({
    title: 'Two owners, one state directory',
    headers: [
      'Round',
      'Churn ms',
      'A registered / unregistered',
      'B registered / unregistered',
      'Registry ops/s (both)',
      "A's processes alive at its SIGKILL",
      "Ended by B's cleanupOrphans()",
      "A's left after B's cleanup",
      "A's left after a new instance",
      "B's long-lived children untouched",
      'Lost records A / B',
      'Registry at the crash',
      "A's records left",
      'Records after B shut down',
    ],
    rows,
  });
  report.note(
    'Each owner runs 3 loops at once; each keeps 3 long-lived `sleep` children, ends one at random and starts another as fast as it can, with short-lived children in between. ' +
      "After A's SIGKILL, B (still alive) runs cleanupOrphans(), then a new instance starts; then B shuts down.",
  );
  return report;
}
