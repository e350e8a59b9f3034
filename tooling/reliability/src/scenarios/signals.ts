import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveLayout } from '@lifeline/persistence';
import { listOwnerProcesses, makeStateDir, reapOwner } from '@lifeline/test-utils';
import type { RunOptions } from '../config';
import type { OwnerLedger } from '../leaks';
import { OwnerProcess } from '../owner-fixture';
import { readRegistryRaw } from '../registry-file';
import { countGoal, ScenarioReport } from '../result';
import { max, median, ms } from '../stats';

const CASES = [
  { name: 'SIGINT', signal: 'SIGINT' as const, code: 130 },
  { name: 'SIGTERM', signal: 'SIGTERM' as const, code: 143 },
  { name: 'SIGHUP', signal: 'SIGHUP' as const, code: 129 },
  { name: 'uncaught exception', command: 'throw', code: 1 },
  { name: 'unhandled rejection', command: 'reject', code: 1 },
];

/** Scenario 7: each way an owner is told to stop ends every child, removes the PID file, and exits conventionally. */
export async function signals(opts: RunOptions, ledger: OwnerLedger): Promise<ScenarioReport> {
  const report = new ScenarioReport(7, 'Signals');
  const rows = [];
  let survivorsTotal = 0;
  let badExit = 0;
  let pidFilesLeft = 0;
  let recordsLeft = 0;
  for (const c of CASES) {
    const times: number[] = [];
    let survivors = 0;
    let children = 0;
    const exits = new Set<string>();
    let pidLeft = 0;
    let ownerFilesLeft = 0;
    let recLeft = 0;
    for (let round = 0; round < opts.counts.signalRounds; round++) {
      const dir = await makeStateDir('ll-rel-signal-');
      const layout = resolveLayout({ stateDir: dir.dir });
      const ownerId = ledger.id('signal');
      const owner = new OwnerProcess({
        stateDir: dir.dir,
        ownerId,
        graceMs: 500,
        plan: (['sleeper', 'tree', 'setsid', 'ignore-term', 'sh-group', 'sleep'] as const).map((kind) => ({
          kind,
          delayMs: 0,
        })),
      });
      try {
        await owner.waitType('all-ready');
        children += listOwnerProcesses(ownerId).filter((pid) => pid !== owner.pid).length;
        const t0 = performance.now();
        if (c.signal) owner.child.kill(c.signal);
        else owner.send(c.command as string);
        const timeout = setTimeout(() => owner.crash(), 20_000);
        const exit = await owner.exited;
        clearTimeout(timeout);
        times.push(performance.now() - t0);
        const s = listOwnerProcesses(ownerId).length;
        survivors += s;
        const ok = exit.code === c.code || (c.signal !== undefined && exit.signal === c.signal);
        if (!ok) badExit++;
        exits.add(exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`);
        if (existsSync(layout.pidFile)) pidLeft++;
        if (existsSync(join(layout.ownersDir, `${ownerId}.json`))) ownerFilesLeft++;
        recLeft += (await readRegistryRaw(layout.registryFile)).records.length;
      } finally {
        owner.crash();
        await owner.exited;
        await reapOwner(ownerId);
        await dir.cleanup();
      }
    }
    survivorsTotal += survivors;
    pidFilesLeft += pidLeft + ownerFilesLeft;
    recordsLeft += recLeft;
    rows.push([
      c.name,
      opts.counts.signalRounds,
      children,
      [...exits].join(', '),
      c.signal ? `${c.code} or re-raised ${c.signal}` : String(c.code),
      survivors,
      pidLeft,
      ownerFilesLeft,
      recLeft,
      ms(median(times)),
      ms(max(times)),
    ]);
  }
  report.goal(countGoal('Children alive after the owner exited', survivorsTotal));
  report.goal(countGoal('Unconventional exit codes', badExit));
  report.goal(countGoal('PID / owner files left behind', pidFilesLeft));
  report.goal(countGoal('Records left in the registry', recordsLeft));
  report.table({
    title: 'Owner (built @lifeline/core, handleSignals on) told to stop',
    headers: [
      'Cause',
      'Rounds',
      'Tagged children before',
      'Exit seen',
      'Expected',
      'Survivors',
      'PID file left',
      'Owner file left',
      'Records left',
      'Signal → exit median ms',
      'max ms',
    ],
    rows,
  });
  report.note(
    'Children per owner: a node sleeper, a tree with grandchildren, a tree whose child did setsid, a SIGTERM-ignorer (needs the force signal after graceMs 500), a shell group, a plain `sleep`.',
  );
  return report;
}
