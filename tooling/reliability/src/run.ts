import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FULL, QUICK, type RunOptions } from './config';
import { OwnerLedger } from './leaks';
import { allOk, renderReport, writeReport } from './report';
import { countGoal, type ScenarioReport, type ScenarioResult } from './result';
import { crashInjection } from './scenarios/crash-injection';
import { decoys } from './scenarios/decoys';
import { hostileInputs } from './scenarios/hostile-inputs';
import { load } from './scenarios/load';
import { signals } from './scenarios/signals';
import { twoInstances } from './scenarios/two-instances';
import { zombies } from './scenarios/zombies';

type Scenario = { id: number; title: string; run: (opts: RunOptions, ledger: OwnerLedger) => Promise<ScenarioReport> };

const SCENARIOS: Scenario[] = [
  { id: 1, title: 'Crash injection', run: crashInjection },
  { id: 2, title: 'PID reuse and decoys', run: decoys },
  { id: 3, title: 'Hostile inputs', run: hostileInputs },
  { id: 4, title: 'Two instances', run: twoInstances },
  { id: 5, title: 'Load', run: load },
  { id: 6, title: 'Zombies and slow reapers', run: zombies },
  { id: 7, title: 'Signals', run: signals },
];

const ROOT_REPORT = fileURLToPath(new URL('../../../RELIABILITY.md', import.meta.url));
const QUICK_REPORT = fileURLToPath(new URL('../.reliability-quick.md', import.meta.url));

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      seed: { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string' },
    },
    allowPositionals: false,
  });
  const quick = values.quick === true;
  const seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 1_000_000;
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed must be a non-negative integer, got ${values.seed}`);
  const only = values.only ? new Set(values.only.split(',').map(Number)) : null;
  const opts: RunOptions = {
    quick,
    counts: quick ? QUICK : FULL,
    seed,
    only,
    log: (line) => process.stderr.write(`${line}\n`),
  };
  const command = ['pnpm test:reliability', quick ? '--quick' : '', values.only ? `--only ${values.only}` : '']
    .filter(Boolean)
    .join(' ');
  const startedAt = new Date();
  const t0 = performance.now();
  const results: ScenarioResult[] = [];

  for (const scenario of SCENARIOS) {
    if (only && !only.has(scenario.id)) continue;
    opts.log(`[${scenario.id}] ${scenario.title}…`);
    const ledger = new OwnerLedger();
    const s0 = performance.now();
    let report: ScenarioReport;
    let timer: NodeJS.Timeout | undefined;
    try {
      const limitMs = quick ? 10 * 60_000 : 60 * 60_000;
      report = await Promise.race([
        scenario.run(opts, ledger),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`did not finish within ${limitMs / 60_000} min`)), limitMs);
        }),
      ]);
    } catch (error) {
      const { ScenarioReport: Report } = await import('./result');
      report = new Report(scenario.id, scenario.title);
      report.goal({
        name: 'Scenario ran to the end',
        target: 'yes',
        measured: `threw: ${(error as Error).message}`,
        ok: false,
      });
      opts.log(`  scenario ${scenario.id} threw: ${(error as Error).stack}`);
    } finally {
      clearTimeout(timer);
    }
    // Leave nothing running: whatever still carries one of this scenario's owner ids is a leak.
    const leaked = await ledger.reapAll();
    report.goal(countGoal('Processes the suite had to reap afterwards (left running by the scenario)', leaked.count));
    const result = report.finish(performance.now() - s0);
    results.push(result);
    const failed = result.goals.filter((g) => !g.ok);
    opts.log(
      `[${scenario.id}] ${failed.length === 0 ? 'ok' : `FAILED: ${failed.map((g) => `${g.name} = ${g.measured}`).join('; ')}`} (${(result.durationMs / 1000).toFixed(1)} s)`,
    );
  }

  const markdown = renderReport({ command, quick, seed, startedAt, durationMs: performance.now() - t0, results });
  process.stdout.write(markdown);
  const target = values.out ?? (quick || only ? QUICK_REPORT : ROOT_REPORT);
  await writeReport(target, markdown);
  opts.log(`report written to ${target}`);
  return allOk(results) ? 0 : 1;
}

// A promise of the code under test that never settles while holding no handle would let the
// event loop empty and node exit 0 with no report: keep the loop alive, and treat an exit
// before the end as a failure of the suite.
const keepAlive = setInterval(() => {}, 60_000);
let finished = false;
process.on('exit', () => {
  if (!finished) {
    process.stderr.write(
      'reliability suite stopped before it finished (the event loop emptied while a promise was pending)\n',
    );
    process.exitCode = 2;
  }
});

main().then(
  (code) => {
    finished = true;
    clearInterval(keepAlive);
    process.exitCode = code;
  },
  (error) => {
    finished = true;
    clearInterval(keepAlive);
    process.stderr.write(`reliability suite failed to run: ${(error as Error).stack ?? error}\n`);
    process.exitCode = 2;
  },
);
