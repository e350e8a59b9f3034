import { randomUUID } from 'node:crypto';
import { openRegistry, type ProcessRecord, resolveLayout } from '@lifeline/persistence';
import { identify } from '@lifeline/platform-kill';
import { fixturePath, listOwnerProcesses, makeStateDir, reapOwner } from '@lifeline/test-utils';
import { isBuildRace, pause } from '../cli-run';
import type { RunOptions } from '../config';
import { type Decoy, decoyAlive, startDecoy, stopDecoy } from '../decoys';
import { startNextInstance } from '../instance';
import type { OwnerLedger } from '../leaks';
import { OwnerProcess } from '../owner-fixture';
import { readRegistryRaw } from '../registry-file';
import { countGoal, ScenarioReport } from '../result';

const KINDS = [
  'reused pid (wrong start time)',
  'reused pid (other boot id)',
  'same command line, legacy record',
  'same command line, no record',
  'other process group (named by a tampered pgid)',
] as const;
type Kind = (typeof KINDS)[number];
const DECISIONS_PER_ITERATION = KINDS.length;

interface Tally {
  decisions: number;
  touched: number;
  verdicts: Map<string, number>;
}

/**
 * Scenario 2: every iteration a real owner crashes with tracked children, the runner plants
 * five live decoys (another owner id) and records that point at them, and a new instance
 * cleans up. A decoy that died was touched. Goal: 0 touched in 1000 decisions.
 */
export async function decoys(opts: RunOptions, ledger: OwnerLedger): Promise<ScenarioReport> {
  const report = new ScenarioReport(2, 'PID reuse and decoys');
  const tallies = new Map<Kind, Tally>(KINDS.map((k) => [k, { decisions: 0, touched: 0, verdicts: new Map() }]));
  const iterations = Math.ceil(opts.counts.decoyDecisions / DECISIONS_PER_ITERATION);
  let ownSurvivors = 0;
  let failures = 0;
  let retried = 0;
  for (let i = 0; i < iterations; i++) {
    for (let attempt = 0; ; attempt++) {
      try {
        ownSurvivors += await iteration(ledger, tallies);
      } catch (error) {
        const message = (error as Error).message;
        if (isBuildRace(message) && attempt < 6) {
          retried++;
          await pause(5_000);
          continue;
        }
        failures++;
        opts.log(`  decoys #${i}: ${message}`);
      }
      break;
    }
    if ((i + 1) % 40 === 0) opts.log(`  decoys: ${i + 1}/${iterations}`);
  }
  const total = [...tallies.values()].reduce((a, t) => ({ d: a.d + t.decisions, x: a.x + t.touched }), { d: 0, x: 0 });
  report.goal(countGoal(`Decoys touched (in ${total.d} decisions)`, total.x));
  report.goal(countGoal("The crashed owner's own children left alive", ownSurvivors));
  report.goal(countGoal('Iterations that could not run', failures));
  report.goal({
    name: 'Decisions made',
    target: `≥ ${opts.counts.decoyDecisions}`,
    measured: String(total.d),
    ok: total.d >= opts.counts.decoyDecisions,
  });
  report.table({
    title: 'Decoys by kind',
    headers: ['Decoy', 'Decisions', 'Touched', 'What the new instance decided (count)'],
    rows: KINDS.map((k) => {
      const t = tallies.get(k) as Tally;
      return [k, t.decisions, t.touched, [...t.verdicts].map(([v, n]) => `${v} ×${n}`).join(', ')];
    }),
  });
  if (retried)
    report.note(`${retried} iteration(s) re-run because a package's dist/ was being rebuilt at that moment.`);
  report.note(
    'Per iteration: a fixture owner (built @lifeline/core) registers two `sleep 100000` children and one node sleeper, then is SIGKILLed. ' +
      'Decoys are live processes with a different LIFELINE_OWNER: two with records naming their pid under the dead owner but a wrong start time / another boot id, ' +
      'one running `sleep 100000` (the tracked command line) named by a legacy record whose started_at is an hour off, one running the tracked node command line with no record, ' +
      'and one leading its own process group, named as `pgid` by a tampered copy of a real record and by a record of a pid that does not exist. ' +
      'Then a new instance starts (startup cleanup). "no record" means the decoy was only exposed to the owner-tag sweep.',
  );
  return report;
}

async function iteration(ledger: OwnerLedger, tallies: Map<Kind, Tally>): Promise<number> {
  const dir = await makeStateDir('ll-rel-decoy-');
  const registryFile = resolveLayout({ stateDir: dir.dir }).registryFile;
  const ownerId = ledger.id('decoy-owner');
  const decoyOwner = ledger.id('decoy');
  const started: Decoy[] = [];
  const owner = new OwnerProcess({
    stateDir: dir.dir,
    ownerId,
    graceMs: 300,
    plan: [
      { kind: 'sleep', delayMs: 0 },
      { kind: 'sleep', delayMs: 0 },
      { kind: 'sleeper', delayMs: 0 },
    ],
  });
  try {
    await owner.waitType('all-ready');
    owner.crash();
    await owner.exited;
    const { records } = await readRegistryRaw(registryFile);
    const tracked = records.find((r) => r.command === 'sleep 100000');
    const deadOwner = tracked?.owner;
    if (!tracked || !deadOwner) throw new Error(`the owner's records are missing (${records.length} in the file)`);

    const d = (kind: Kind, cmd: string, args: string[], detached = false) =>
      startDecoy(kind, decoyOwner, cmd, args, { detached }).then((decoy) => {
        started.push(decoy);
        return decoy;
      });
    const [d1, d2, d3, , d5] = await Promise.all([
      d(KINDS[0], 'sleep', ['100000']),
      d(KINDS[1], 'sleep', ['100000']),
      d(KINDS[2], 'sleep', ['100000']),
      d(KINDS[3], process.execPath, [fixturePath('sleeper')]),
      d(KINDS[4], 'sleep', ['100000'], true),
    ]);
    const id1 = await identify(d1!.pid);
    const id2 = await identify(d2!.pid);
    if (!id1 || !id2) throw new Error('a decoy vanished before it was planted');
    const now = new Date().toISOString();
    const base = { script_path: 'sleep', started_at: now, command: 'sleep 100000', owner: deadOwner, name: 'sleep' };
    const planted: ProcessRecord[] = [
      { ...base, pid: d1!.pid, pgid: d1!.pid, start_time: String(BigInt(id1.startTime) + 7n), boot_id: id1.bootId },
      { ...base, pid: d2!.pid, pgid: d2!.pid, start_time: id2.startTime, boot_id: randomUUID() },
      { pid: d3!.pid, script_path: 'sleep 100000', started_at: new Date(Date.now() - 3_600_000).toISOString() },
      { ...tracked, pgid: d5!.pid },
      { ...base, pid: 2 ** 31 - 2, pgid: d5!.pid, start_time: '12345', boot_id: id1.bootId },
    ];
    const store = openRegistry({ path: registryFile });
    for (const record of planted) await store.add(record);
    await store.close();

    const next = await startNextInstance(dir.dir, ledger.id('decoy-next'));
    if (next.error) throw next.error;
    const decisionOf = (pid: number) =>
      next.cleanup?.entries.find((e) => e.pid === pid)?.decision ?? 'no decision (not seen)';
    const verdicts: Record<Kind, string> = {
      [KINDS[0]]: decisionOf(d1!.pid),
      [KINDS[1]]: decisionOf(d2!.pid),
      [KINDS[2]]: decisionOf(d3!.pid),
      [KINDS[3]]: 'tag sweep: not its owner',
      [KINDS[4]]: `tampered record: ${decisionOf(tracked.pid)}; ghost record: ${decisionOf(2 ** 31 - 2)}`,
    };
    const survivors = listOwnerProcesses(ownerId).length;
    await next.manager.shutdown({ graceMs: 0 }).catch(() => undefined);
    for (const decoy of started) {
      const tally = tallies.get(decoy.kind as Kind) as Tally;
      tally.decisions++;
      if (!decoyAlive(decoy)) tally.touched++;
      const verdict = verdicts[decoy.kind as Kind];
      tally.verdicts.set(verdict, (tally.verdicts.get(verdict) ?? 0) + 1);
    }
    return survivors;
  } finally {
    owner.crash();
    await owner.exited;
    await Promise.all(started.map(stopDecoy));
    await reapOwner(ownerId);
    await dir.cleanup();
  }
}
