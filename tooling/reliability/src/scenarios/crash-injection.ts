import { pause } from '../cli-run';
import type { RunOptions } from '../config';
import { guardianAvailable } from '../instance';
import type { OwnerLedger } from '../leaks';
import { countGoal, ScenarioReport } from '../result';
import { max, median, ms, percentile, rng } from '../stats';
import { controlIteration, type Iteration, iteration, MODES, type Mode } from './crash-iteration';

/**
 * Scenario 1: a fixture owner spawns children at random rates and is SIGKILLed at random
 * moments (mid registry write, between a spawn and its registration); a new instance then
 * starts on the same state directory. Counts survivors, unparsable files and lost records.
 */
export async function crashInjection(opts: RunOptions, ledger: OwnerLedger): Promise<ScenarioReport> {
  const report = new ScenarioReport(1, 'Crash injection');
  const probe = await guardianAvailable(ledger.id('probe'));
  const passes = probe.available ? [false, true] : [false];
  report.note(
    probe.available
      ? `Guardian found in core (${probe.detail}): every iteration runs twice, guardian off (startup cleanup alone) and on.`
      : `Guardian not available in core yet (${probe.detail}): crash injection measured with guardian off only — startup cleanup by the new instance does all the work.`,
  );
  const all: Iteration[] = [];
  let retried = 0;
  for (const guardian of passes) {
    const r = rng(opts.seed + (guardian ? 7919 : 0));
    for (let i = 0; i < opts.counts.crashIterations; i++) {
      const mode = MODES[i % MODES.length] as Mode;
      let it = await iteration(mode, guardian, r, ledger);
      for (let attempt = 1; it.buildRace && attempt <= 6; attempt++) {
        retried++;
        await pause(5_000);
        it = await iteration(mode, guardian, r, ledger);
      }
      all.push(it);
      if (it.survivors || it.lost || it.unparsable || it.startError || it.leftover)
        opts.log(
          `  crash #${i} ${mode}${guardian ? ' +guardian' : ''}: survivors ${it.survivors}, lost ${it.lost}, unparsable ${it.unparsable}, leftover ${it.leftover}${it.startError ? `, start error: ${it.startError}` : ''}`,
        );
      if ((i + 1) % 25 === 0)
        opts.log(`  crash injection${guardian ? ' (guardian)' : ''}: ${i + 1}/${opts.counts.crashIterations}`);
    }
  }

  // Control: the same counting with no new instance must find the children alive, or the
  // survivor count above could not fail.
  const control = await controlIteration(ledger);
  report.goal({
    name: "Control: with no new instance, the crashed owner's children are counted as survivors",
    target: '> 0',
    measured: String(control),
    ok: control > 0,
  });
  const sum = (f: (it: Iteration) => number, list = all) => list.reduce((a, it) => a + f(it), 0);
  report.goal(
    countGoal(
      "Surviving processes with the dead owner's LIFELINE_OWNER (after the new instance started)",
      sum((it) => it.survivors),
    ),
  );
  report.goal(
    countGoal(
      'Registry files that fail to parse after the crash',
      sum((it) => (it.unparsable ? 1 : 0)),
    ),
  );
  report.goal(
    countGoal(
      'Records lost (registered, child alive, record missing after the crash)',
      sum((it) => it.lost),
    ),
  );
  report.goal(
    countGoal(
      'New instance failed to start',
      sum((it) => (it.startError ? 1 : 0)),
    ),
  );
  report.goal(
    countGoal(
      "Dead owner's records still in the registry after the new instance's cleanup",
      sum((it) => it.deadRecordsLeft),
    ),
  );

  const rows = [];
  for (const guardian of passes)
    for (const mode of MODES) {
      const list = all.filter((it) => it.mode === mode && it.guardian === guardian);
      if (list.length === 0) continue;
      const starts = list.map((it) => it.startMs);
      rows.push([
        mode,
        guardian ? 'on' : 'off',
        list.length,
        sum((it) => it.spawned, list),
        sum((it) => it.registered, list),
        sum((it) => it.aliveAtCrash, list),
        sum((it) => it.unregisteredAlive, list),
        guardian ? sum((it) => it.endedByGuardian, list) : null,
        sum((it) => it.endedByNext, list),
        sum((it) => it.survivors, list),
        sum((it) => (it.unparsable ? 1 : 0), list),
        sum((it) => it.lost, list),
        sum((it) => it.tempFiles, list),
        ms(median(starts)),
        ms(percentile(starts, 95)),
        ms(max(starts)),
      ]);
    }
  report.table({
    title: 'Crash injection by kill point',
    headers: [
      'Kill point',
      'Guardian',
      'Iterations',
      'Children spawned',
      'Registered before the kill',
      'Tagged processes alive after the kill',
      'Of those, children never registered',
      'Ended by the guardian',
      'Ended by the new instance',
      'Survivors',
      'Unparsable registry',
      'Lost records',
      'Temp files left',
      'New instance start() median ms',
      'p95 ms',
      'max ms',
    ],
    rows,
  });
  if (passes.includes(true)) {
    const withKids = all.filter((it) => it.guardian && it.aliveAtCrash > 0);
    const g = withKids.filter((it) => it.guardianMs !== null).map((it) => it.guardianMs as number);
    report.table({
      title: "Guardian: time from the owner's SIGKILL to its last tagged process gone (before any restart)",
      headers: ['Iterations with processes to end', 'All ended by the guardian alone', 'median ms', 'p95 ms', 'max ms'],
      rows: [
        [
          withKids.length,
          withKids.filter((it) => it.endedByGuardian === it.aliveAtCrash).length,
          ms(median(g)),
          ms(percentile(g, 95)),
          ms(max(g)),
        ],
      ],
    });
  }
  if (retried)
    report.note(
      `${retried} iteration(s) re-run because a package's dist/ was being rebuilt at that moment (the owner could not import @lifeline/core).`,
    );
  for (const detail of all
    .flatMap((it) => it.survivorDetail.map((d) => `${it.mode}${it.guardian ? ' +guardian' : ''}: ${d}`))
    .slice(0, 10))
    report.note(`Survivor right after the new instance's start(): ${detail}`);
  const slowStarts = all.filter((it) => it.startMs > 5_000).length;
  if (slowStarts)
    report.note(
      `${slowStarts} of ${all.length} new instances took over 5 s to start: start() waited for the registry lock the SIGKILLed owner held (a stale lock is only taken over after staleMs).`,
    );
  const errors = all.filter((it) => it.startError).map((it) => it.startError);
  for (const error of [...new Set(errors)].slice(0, 3)) report.note(`start() error: ${error}`);
  const notes = all.filter((it) => it.crashNote).length;
  if (notes)
    report.note(
      `${notes} listener-mode iteration(s) never reached their crash point (the child exited before registering); the runner killed the owner after all children were ready instead.`,
    );
  return report;
}
