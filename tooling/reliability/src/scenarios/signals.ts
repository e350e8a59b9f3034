import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveLayout } from '@lifeline/persistence';
import { listOwnerProcesses, makeStateDir, reapOwner } from '@lifeline/test-utils';
import type { RunOptions } from '../config';
import { guardianAvailable } from '../instance';
import type { OwnerLedger } from '../leaks';
import { OwnerProcess } from '../owner-fixture';
import { describeProcess } from '../process-info';
import { readRegistryRaw } from '../registry-file';
import { countGoal, ScenarioReport } from '../result';
import { max, median, ms } from '../stats';

const CASES: Array<{ name: string; signal?: NodeJS.Signals; fault?: 'throw' | 'reject'; code: number }> = [
  { name: 'SIGINT', signal: 'SIGINT', code: 130 },
  { name: 'SIGTERM', signal: 'SIGTERM', code: 143 },
  { name: 'SIGHUP', signal: 'SIGHUP', code: 129 },
  { name: 'uncaught exception', fault: 'throw', code: 1 },
  { name: 'unhandled rejection', fault: 'reject', code: 1 },
];

/** Scenario 7: each way an owner is told to stop ends every child, removes the PID file, and exits conventionally. */
export async function signals(opts: RunOptions, ledger: OwnerLedger): Promise<ScenarioReport> {
  const report = new ScenarioReport(7, 'Signals');
  const rows = [];
  let survivorsTotal = 0;
  let badExit = 0;
  let pidFilesLeft = 0;
  let recordsLeft = 0;
  const survivorNotes = new Set<string>();
  const probe = await guardianAvailable(ledger.id('probe'));
  const passes = probe.available ? [false, true] : [false];
  if (!probe.available) report.note(`Guardian not available in core yet (${probe.detail}): guardian-on rows skipped.`);
  for (const guardian of passes)
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
          guardian,
          noCommands: true,
          afterReady: c.fault,
          plan: (['sleeper', 'tree', 'setsid', 'ignore-term', 'sh-group', 'sleep'] as const).map((kind) => ({
            kind,
            delayMs: 0,
          })),
        });
        try {
          const started = await owner.waitType('started');
          await owner.waitType('all-ready');
          const guardianPid = (started.guardianPid as number | null) ?? null;
          children += listOwnerProcesses(ownerId).filter((pid) => pid !== owner.pid && pid !== guardianPid).length;
          const t0 = performance.now() + (c.fault ? 20 : 0);
          if (c.signal) owner.child.kill(c.signal); // our own child, not yet reaped
          const timeout = setTimeout(() => owner.crash(), 20_000);
          const exit = await owner.exited;
          clearTimeout(timeout);
          times.push(performance.now() - t0);
          const left = listOwnerProcesses(ownerId);
          survivors += left.length;
          for (const pid of left)
            survivorNotes.add(`${c.name}${guardian ? ' (guardian on)' : ''}: ${describeProcess(pid, guardianPid)}`);
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
        guardian ? 'on' : 'off',
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
      'Guardian',
      'Rounds',
      'Tagged children before (guardian not counted)',
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
  for (const note of survivorNotes) report.note(`Alive right after the owner exited: ${note}`);
  report.note(
    'The owner reads no stdin (nothing but its manager and children holds its event loop, as in a real app); faults are raised by the owner itself 20 ms after all its children are ready.',
  );
  report.note(
    'Children per owner: a node sleeper, a tree with grandchildren, a tree whose child did setsid, a SIGTERM-ignorer (needs the force signal after graceMs 500), a shell group, a plain `sleep`.',
  );
  return report;
}
