import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { descendants, identify } from '@lifeline/platform-kill';
import { fixturePath, makeStateDir, OWNER_ENV, procState, startFixture, waitFor } from '@lifeline/test-utils';
import { runCli } from '../cli-run';
import type { RunOptions } from '../config';
import { trueRecord } from '../hostile/case';
import { runnerManager } from '../instance';
import type { OwnerLedger } from '../leaks';
import { countGoal, ScenarioReport } from '../result';
import { max, median, ms } from '../stats';

const ppidOf = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
};

/**
 * Scenario 6: how long PID 1 leaves an orphaned zombie unreaped here, how long ending a tree
 * takes to report it dead (its members become such zombies), and whether `lifeline ps` ever
 * shows a zombie as running.
 */
export async function zombies(opts: RunOptions, ledger: OwnerLedger): Promise<ScenarioReport> {
  const report = new ScenarioReport(6, 'Zombies and slow reapers');
  const rounds = opts.counts.zombieRounds;
  const owner = ledger.id('zombie');

  // (a) PID 1's reaping delay for an orphan: sh starts `sleep 0.3` in the background and exits.
  const reapDelays: number[] = [];
  const reapers = new Set<string>();
  for (let i = 0; i < rounds; i++) {
    const d = await orphanReapDelay(owner);
    if (d) {
      reapDelays.push(d.delayMs);
      reapers.add(String(d.reaper));
    }
  }

  // (b) ending trees whose members are orphaned zombies (or a permanent zombie) when they die.
  const dir = await makeStateDir('ll-rel-zombie-');
  const manager = runnerManager(dir.dir, owner, { graceMs: 2000 });
  const trees: Array<{
    kind: string;
    killMs: number;
    members: number;
    zombiesAtReport: number;
    reapedAfterMs: number | null;
    survivors: number;
  }> = [];
  let psRunning = 0;
  let psChecked = 0;
  try {
    await manager.start();
    for (let i = 0; i < rounds; i++) {
      trees.push(
        await endTree(manager, 'tree.mjs 2 2 (7 processes)', process.execPath, [fixturePath('tree'), '2', '2']),
      );
      trees.push(
        await endTree(manager, 'zombie-parent.sh (a never-reaped child)', '/bin/sh', [fixturePath('zombie-parent')]),
      );
    }

    // (c) `lifeline ps` on records that name zombies: a permanent one and fresh orphans.
    const zp = await startFixture('zombie-parent', { owner });
    const zombie = zp.ready.zombie as number;
    await waitFor(() => procState(zombie) === 'Z', { message: 'the fixture child to be a zombie' });
    const zid = await identify(zombie);
    const self = await identify(process.pid);
    if (zid && self) {
      const liveOwner = { id: manager.ownerId, pid: process.pid, start_time: self.startTime, boot_id: self.bootId };
      await writeFile(manager.layout.registryFile, `${JSON.stringify([trueRecord(zid, liveOwner)], null, 2)}\n`);
      for (const args of [['ps', '--json'], ['ps'], ['ps', '--tree']]) {
        const r = await runCli(['--state-dir', dir.dir, ...args], {
          env: { ...process.env, NO_COLOR: '1', [OWNER_ENV]: owner },
        });
        psChecked++;
        const shown = args.includes('--json') ? jsonState(r.stdout, zombie) : rowState(r.stdout, zombie);
        if (shown === 'running' || shown === 'unverified' || shown === null) psRunning++;
        report.note(
          `\`lifeline ${args.join(' ')}\` on a record naming zombie ${zombie}: state shown "${shown ?? 'not listed'}" (exit ${r.code}).`,
        );
      }
    }
    zp.child.kill('SIGKILL');
    await zp.exited;
    await writeFile(manager.layout.registryFile, '[]\n');
  } finally {
    await manager.shutdown({ graceMs: 0 }).catch(() => undefined);
    await dir.cleanup();
  }

  const medReap = median(reapDelays);
  const slow = trees.filter((t) => medReap !== null && t.zombiesAtReport > 0 && t.killMs >= medReap);
  report.goal(countGoal('Tree ends reported no sooner than PID 1 reaped (waited for the reaper)', slow.length));
  report.goal(
    countGoal(
      'Tree members left alive after the report',
      trees.reduce((a, t) => a + t.survivors, 0),
    ),
  );
  report.goal(countGoal(`\`lifeline ps\` runs showing a zombie as running (of ${psChecked})`, psRunning));
  report.table({
    title: "PID 1's reaping delay for an orphaned zombie (exit → gone from /proc)",
    headers: ['Samples', 'Reaper (ppid of the orphan)', 'median ms', 'max ms'],
    rows: [[reapDelays.length, [...reapers].join(', '), ms(medReap), ms(max(reapDelays))]],
  });
  const kinds = [...new Set(trees.map((t) => t.kind))];
  report.table({
    title: 'Ending a tree through manager.kill(): time to the report vs. reaping',
    headers: [
      'Tree',
      'Rounds',
      'Members',
      'kill() → report, median ms',
      'max ms',
      'Members still zombies at the report (total)',
      'Report → last member reaped, median ms',
      'Survivors',
    ],
    rows: kinds.map((kind) => {
      const list = trees.filter((t) => t.kind === kind);
      const reaped = list.map((t) => t.reapedAfterMs).filter((v): v is number => v !== null);
      return [
        kind,
        list.length,
        list[0]?.members ?? 0,
        ms(median(list.map((t) => t.killMs))),
        ms(max(list.map((t) => t.killMs))),
        list.reduce((a, t) => a + t.zombiesAtReport, 0),
        ms(median(reaped)),
        list.reduce((a, t) => a + t.survivors, 0),
      ];
    }),
  });
  return report;
}

async function orphanReapDelay(owner: string): Promise<{ delayMs: number; reaper: number | null } | null> {
  const child = spawn('/bin/sh', ['-c', 'sleep 0.3 & echo $!'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, [OWNER_ENV]: owner },
  });
  const pid = await new Promise<number>((resolve) =>
    child.stdout.once('data', (b: Buffer) => resolve(Number(String(b).trim()))),
  );
  await new Promise((resolve) => child.once('exit', resolve));
  await waitFor(() => ppidOf(pid) !== child.pid, { timeoutMs: 2000 }).catch(() => undefined);
  const reaper = ppidOf(pid);
  const zombieAt = await waitFor(
    () => (procState(pid) === 'Z' ? performance.now() : procState(pid) === undefined ? -1 : false),
    { timeoutMs: 5000, intervalMs: 1 },
  ).catch(() => null);
  if (zombieAt === null || zombieAt < 0) return null;
  const goneAt = await waitFor(() => (procState(pid) === undefined ? performance.now() : false), {
    timeoutMs: 15_000,
    intervalMs: 2,
  }).catch(() => null);
  return goneAt === null ? null : { delayMs: goneAt - zombieAt, reaper };
}

async function endTree(manager: ReturnType<typeof runnerManager>, kind: string, command: string, args: string[]) {
  const handle = manager.spawn(command, args, { stdio: 'ignore', name: kind });
  await handle.ready;
  // Wait until the tree is fully up (tree.mjs: 6 descendants; zombie-parent: its zombie child).
  const want = command === '/bin/sh' ? 1 : 6;
  const members = await waitFor(
    async () => {
      const d = await descendants(handle.pid);
      return d.length >= want ? d : false;
    },
    { timeoutMs: 10_000, message: `${kind} to be up` },
  );
  const t0 = performance.now();
  const result = await handle.kill({ graceMs: 2000 });
  const killMs = performance.now() - t0;
  const zombiesAtReport = members.filter((pid) => procState(pid) === 'Z').length;
  const survivors =
    members.filter((pid) => {
      const s = procState(pid);
      return s !== undefined && s !== 'Z' && s !== 'X';
    }).length + result.survivors.length;
  const t1 = performance.now();
  const reaped = await waitFor(
    () => (members.every((pid) => procState(pid) === undefined) ? performance.now() : false),
    { timeoutMs: 15_000, intervalMs: 2 },
  ).catch(() => null);
  return {
    kind,
    killMs,
    members: members.length + 1,
    zombiesAtReport,
    reapedAfterMs: reaped === null ? null : reaped - t1,
    survivors,
  };
}

function jsonState(stdout: string, pid: number): string | null {
  try {
    const entries = JSON.parse(stdout) as Array<{ pid: number; state: string }>;
    return entries.find((e) => e.pid === pid)?.state ?? null;
  } catch {
    return null;
  }
}

function rowState(stdout: string, pid: number): string | null {
  // Read the STATE column itself: searching the whole row would match "zombie" in an owner id
  // or a command line and report a state the table never showed.
  const lines = stdout.split('\n');
  const header = lines.find((l) => /\bPID\b.*\bSTATE\b/.test(l));
  const row = lines.find((l) => new RegExp(`^\\s*${pid}\\s`).test(l));
  if (!row || !header) return null;
  const column = header.trim().split(/\s+/).indexOf('STATE');
  return row.trim().split(/\s+/)[column] ?? 'unknown';
}
