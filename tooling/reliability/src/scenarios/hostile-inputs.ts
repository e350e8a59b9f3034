import { mkdir, mkdtemp } from 'node:fs/promises';
import { join } from 'node:path';
import { CoreError } from '@lifeline/core';
import { resolveLayout } from '@lifeline/persistence';
import { identifySync } from '@lifeline/platform-kill';
import { makeStateDir, reapOwner } from '@lifeline/test-utils';
import { type CliResult, isBuildRace, judgeExit, pause, runCli } from '../cli-run';
import type { RunOptions } from '../config';
import type { CaseCtx, HostileCase } from '../hostile/case';
import { cliCases } from '../hostile/cli-cases';
import { envCases } from '../hostile/env-cases';
import { fileStatus, fingerprint } from '../hostile/file-status';
import { hardenCases } from '../hostile/harden-cases';
import { pidFileCases } from '../hostile/pidfile-cases';
import { registryCases } from '../hostile/registry-cases';
import { registryTargetCases } from '../hostile/registry-target-cases';
import { runnerManager } from '../instance';
import type { OwnerLedger } from '../leaks';
import { Protected } from '../protect';
import { checkGoal, countGoal, ScenarioReport } from '../result';

export const HOSTILE_CASES: HostileCase[] = [
  ...registryCases,
  ...registryTargetCases,
  ...pidFileCases,
  ...cliCases,
  ...envCases,
  ...hardenCases,
];

interface Outcome {
  exitOk: boolean;
  exit: string;
  why: string;
  violations: string[];
  file: string;
  fileOk: boolean;
  extra: string | null;
  leftover: number;
  buildRace: boolean;
}

/**
 * Scenario 3: each case plants one hostile input (registry file, PID file, CLI arguments,
 * environment) in its own temp state dir and runs the built CLI (or core's start()) on it.
 * Pass: no crash without a clear message, no signal to a protected process, the bad file
 * quarantined (or at least kept) and never deleted.
 */
export async function hostileInputs(opts: RunOptions, ledger: OwnerLedger): Promise<ScenarioReport> {
  const report = new ScenarioReport(3, 'Hostile inputs');
  const root = await makeStateDir('ll-rel-hostile-');
  const prot = new Protected();
  await prot.arm(ledger.id('sentinel'), join(root.dir, 'sentinel.log'));
  const rows = [];
  let crashed = 0;
  let signalled = 0;
  let fileFails = 0;
  let extraFails = 0;
  let leftovers = 0;
  const retried: string[] = [];
  try {
    const runner = identifySync(process.pid);
    const sentinel = identifySync(prot.sentinel.pid);
    if (!runner || !sentinel) throw new Error('cannot read the identity of the runner or the sentinel');
    const ids = { runner, parent: identifySync(process.ppid), sentinel };
    for (const [i, c] of HOSTILE_CASES.entries()) {
      let o = await runCase(c, root.dir, i, prot, ids, ledger);
      for (let attempt = 1; o.buildRace && attempt <= 6; attempt++) {
        retried.push(`#${i + 1}`);
        await pause(5_000);
        o = await runCase(c, root.dir, i, prot, ids, ledger);
      }
      if (!o.exitOk) crashed++;
      if (o.violations.length) signalled++;
      if (!o.fileOk) fileFails++;
      if (o.extra) extraFails++;
      leftovers += o.leftover;
      const pass = o.exitOk && o.violations.length === 0 && o.fileOk && !o.extra && o.leftover === 0;
      rows.push([
        i + 1,
        c.area,
        c.name,
        c.via ?? 'cli',
        o.exit,
        o.why,
        o.violations.length ? o.violations.join('; ') : 'untouched',
        o.file,
        o.extra ?? '',
        pass ? 'pass' : '**FAIL**',
      ]);
      if (!pass)
        opts.log(`  hostile #${i + 1} ${c.name}: ${o.why} | ${o.violations.join('; ')} | ${o.file} | ${o.extra ?? ''}`);
    }
  } finally {
    await prot.disarm();
    await root.cleanup();
  }
  report.goal(checkGoal('Cases', HOSTILE_CASES.length >= 40, String(HOSTILE_CASES.length), '≥ 40'));
  report.goal(countGoal('Cases that crashed, hung, or failed without a clear message', crashed));
  report.goal(
    countGoal(
      'Cases that signalled a protected process (runner, its parent, PID 1, sentinel, the CLI itself)',
      signalled,
    ),
  );
  report.goal(
    countGoal(
      'Bad files deleted, overwritten or left unreported (quarantined by repairing commands, untouched by read-only ones)',
      fileFails,
    ),
  );
  report.goal(countGoal('Cases failing their extra check (symlink target untouched, no raw escapes…)', extraFails));
  report.goal(countGoal('Processes left running by a case', leftovers));
  report.table({
    title: 'Every hostile case',
    headers: [
      '#',
      'Area',
      'Case',
      'Run through',
      'Exit',
      'What it said',
      'Protected processes',
      'Bad file',
      'Extra check',
      'Result',
    ],
    rows,
  });
  report.note(
    "Protected processes: the runner (the CLI's parent), the runner's parent, PID 1, a sentinel bystander that logs every catchable signal, and the CLI itself " +
      '(cases run through `sh -c "…; exec node bin.js"` write records naming `$$`, which is the CLI\'s own pid after exec). The runner traps SIGTERM/INT/HUP/USR1/USR2/QUIT during this scenario and counts them.',
  );
  if (retried.length)
    report.note(
      `Re-run because a package's dist/ was being rebuilt at that moment (module not found): ${retried.join(', ')}.`,
    );
  report.note(
    '"Clear message" means: exit code 0, or a non-zero exit with a message (an `error:` line on stderr, or per-pid outcome lines on stdout) and no stack trace; a signal death or a hang (15 s) is a crash.',
  );
  return report;
}

async function runCase(
  c: HostileCase,
  root: string,
  index: number,
  prot: Protected,
  ids: CaseCtx['ids'],
  ledger: OwnerLedger,
): Promise<Outcome> {
  const caseRoot = await mkdtemp(join(root, `case-${index + 1}-`));
  const stateDir = join(caseRoot, 'state');
  await mkdir(stateDir, { mode: 0o700 });
  await mkdir(join(caseRoot, 'scratch'));
  await mkdir(join(caseRoot, 'home'));
  const layout = resolveLayout({ stateDir });
  const cliOwner = ledger.id('cli');
  const ctx: CaseCtx = {
    stateDir,
    registryFile: layout.registryFile,
    pidFile: layout.pidFile,
    scratch: join(caseRoot, 'scratch'),
    home: join(caseRoot, 'home'),
    prot,
    ids,
    deadOwner: { id: 'ghost-owner', pid: ids.runner.pid, start_time: '1', boot_id: ids.runner.bootId },
    cliOwner,
  };
  await c.setup?.(ctx);
  const badPath = c.bad ? (c.bad.file === 'registry' ? ctx.registryFile : ctx.pidFile) : null;
  const hash = badPath ? await fingerprint(badPath) : null;
  const before = prot.violations().length;

  const result =
    c.via === 'core start()'
      ? await coreStart(ctx, c)
      : await runCli(cliArgs(c, ctx), { env: cliEnv(ctx, c), cwd: ctx.scratch, prelude: c.prelude?.(ctx) });
  const judged = judgeExit(result);
  const violations = prot.violations().slice(before);
  let file = '–';
  let fileOk = true;
  if (badPath && hash && c.bad) {
    const s = await fileStatus(badPath, hash);
    file = s.where ? `${s.status} (${s.where.replace(/^.*\.corrupt-/, '.corrupt-')})` : s.status;
    if (c.bad.expect === 'untouched and reported') {
      const reported = /corrupt/i.test(`${result.stderr}\n${result.stdout}`);
      fileOk = s.status === 'kept in place' && reported;
      if (s.status === 'kept in place' && !reported) file = 'kept in place, corruption not reported';
      else if (s.status !== 'kept in place') file = `${file} by a read-only command`;
    } else {
      fileOk = s.status === 'quarantined' || (s.status === 'kept in place' && c.bad.expect === 'kept or quarantined');
      if (!fileOk && s.status === 'kept in place') file = 'kept in place, not quarantined';
    }
  }
  const extra = c.check ? await c.check(ctx, result) : null;
  const leftover = (await reapOwner(cliOwner)).length;
  return {
    exitOk: judged.ok,
    exit: result.signal ?? (result.timedOut ? 'timeout' : String(result.code)),
    why: judged.why,
    violations,
    file,
    fileOk,
    extra,
    leftover,
    buildRace: isBuildRace(`${result.stderr}\n${result.stdout}`),
  };
}

function cliArgs(c: HostileCase, ctx: CaseCtx): string[] {
  const args = c.args?.(ctx) ?? ['status'];
  return (c.stateDirFlag ?? true) ? ['--state-dir', ctx.stateDir, ...args] : args;
}

function cliEnv(ctx: CaseCtx, c: HostileCase): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: ctx.home,
    XDG_DATA_HOME: join(ctx.home, '.local/share'),
    XDG_STATE_HOME: join(ctx.home, '.local/state'),
    XDG_CONFIG_HOME: join(ctx.home, '.config'),
    XDG_CACHE_HOME: join(ctx.home, '.cache'),
    NO_COLOR: '1',
    TERM: 'dumb',
    LIFELINE_OWNER: ctx.cliOwner,
    ...(c.env?.(ctx) ?? {}),
  };
}

/** core's start() in the runner itself: a thrown CoreError with a code is a clear message. */
async function coreStart(ctx: CaseCtx, c: HostileCase): Promise<CliResult> {
  const t0 = performance.now();
  const manager = runnerManager(ctx.stateDir, ctx.cliOwner, { singleInstance: c.singleInstance ?? false });
  try {
    await manager.start();
    return { code: 0, signal: null, stdout: '', stderr: '', timedOut: false, durationMs: performance.now() - t0 };
  } catch (error) {
    const clear = CoreError.isInstance(error);
    const message = clear
      ? `error: [${(error as CoreError).code}] ${(error as Error).message}`
      : `uncaught ${String((error as Error)?.stack ?? error)}`;
    return { code: 1, signal: null, stdout: '', stderr: message, timedOut: false, durationMs: performance.now() - t0 };
  } finally {
    await manager.shutdown({ graceMs: 0 }).catch(() => undefined);
  }
}
