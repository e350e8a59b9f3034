/**
 * Issue 14: a record with a start time but no boot id, and a record with neither, get one verdict
 * from every path — `lifeline ps`, `kill`, `cleanup`, `status`, core's listTracked() and the
 * guardian: `unverified` (Linux start times repeat across boots, so without both boot ids the
 * process at the pid cannot be proven to be the recorded one), and nothing is ever signalled.
 * The records name real fixture processes we spawned and a real guarded owner we SIGKILL.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { openInspector } from '@lifeline/core/inspect';
import type { ProcessRecord } from '@lifeline/persistence';
import { identify, type ProcessIdentity } from '@lifeline/platform-kill';
import {
  expectNoSurvivors,
  fixturePath,
  makeStateDir,
  newOwnerId,
  OWNER_ENV,
  type StateDir,
  startFixture,
  waitFor,
} from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, json } from './helpers.js';

interface Guarded {
  child: ChildProcess;
  pid: number;
  guardianPid: number;
}

/** Start fixtures/guarded-owner.mjs (owner id `id`, guardian: true) and wait for its ready line. */
function startGuardedOwner(id: string, stateDir: string): Promise<Guarded> {
  const script = fileURLToPath(new URL('./fixtures/guarded-owner.mjs', import.meta.url));
  const child = spawn(process.execPath, [script], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, [OWNER_ENV]: id, OWNER_STATE_DIR: stateDir },
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`guarded owner exited (${code ?? signal}) before ready`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const ready = JSON.parse(line) as { pid: number; guardianPid: number };
      resolve({ child, pid: ready.pid, guardianPid: ready.guardianPid });
    });
  });
}

/** The state dir's JSONL lifecycle log (the guardian appends its lines there). */
function logLines(stateDir: string): Array<Record<string, unknown>> {
  try {
    return readFileSync(join(stateDir, 'logs', 'lifeline.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  } catch {
    return [];
  }
}

describe('records that cannot be verified: one verdict from ps, kill, cleanup, status, listTracked and the guardian', () => {
  let owner: string;
  let guardedId: string;
  let state: StateDir;
  let guarded: Guarded | undefined;
  beforeEach(async () => {
    owner = newOwnerId('cli-unverified');
    guardedId = newOwnerId('cli-unverified-owner');
    state = await makeStateDir();
  });
  afterEach(async () => {
    if (guarded && guarded.child.exitCode === null && guarded.child.signalCode === null) guarded.child.kill('SIGKILL');
    guarded = undefined;
    await expectNoSurvivors(guardedId); // the owner and its guardian
    await expectNoSurvivors(owner);
    await state.cleanup();
  });
  const run = (args: string[]) => cli(args, { home: state.dir, owner });

  it('start time without boot id, and neither: unverified everywhere, never signalled, records kept', async () => {
    // The processes the records name carry the test's own tag, not the guarded owner's: only the
    // records can point at them, so what happens to them is the records' verdict.
    const [noBoot, neither] = await Promise.all([
      startFixture('sleeper', { owner }),
      startFixture('sleeper', { owner }),
    ]);
    const before = new Map<number, ProcessIdentity | null>(
      await Promise.all([noBoot.pid, neither.pid].map(async (pid) => [pid, await identify(pid)] as const)),
    );
    guarded = await startGuardedOwner(guardedId, state.dir);
    const self = await identify(guarded.pid);
    const ownerRef = {
      id: guardedId,
      pid: guarded.pid,
      start_time: self?.startTime ?? null,
      boot_id: self?.bootId ?? null,
    };
    // Both would pass Script Kit's legacy rule (started now, running the script): only an
    // ownerless record is legacy, so these are judged by the identity rule alone.
    const base = { script_path: fixturePath('sleeper'), started_at: new Date().toISOString(), owner: ownerRef };
    const records: ProcessRecord[] = [
      { ...base, pid: noBoot.pid, start_time: before.get(noBoot.pid)?.startTime ?? null },
      { ...base, pid: neither.pid },
    ];
    const pids = records.map((r) => r.pid);
    writeFileSync(join(state.dir, 'active-pids.json'), JSON.stringify(records));
    const inspector = openInspector({ stateDir: state.dir, graceMs: 0 });

    /** Every read-only verdict, and kill's, while the owner is `ownerAlive`. */
    const expectUnverified = async (ownerAlive: boolean) => {
      const rows = json<Array<{ pid: number; state: string; orphan: boolean; owner: { alive: boolean } }>>(
        await run(['ps', '--json']),
      );
      expect(rows.map((r) => [r.pid, r.state, r.orphan, r.owner.alive])).toEqual(
        pids.map((pid) => [pid, 'unverified', false, ownerAlive]),
      );
      const tracked = await inspector.listTracked();
      expect(tracked.map((t) => [t.record.pid, t.state, t.ownerAlive])).toEqual(
        pids.map((pid) => [pid, 'unverified', ownerAlive]),
      );
      const status = json<{ tracked: Record<string, number>; orphans: number }>(await run(['status', '--json']));
      expect(status.tracked).toMatchObject({ total: 2, unverified: 2, running: 0, reused: 0, gone: 0 });
      expect(status.orphans).toBe(0);
      const kill = await run(['kill', ...pids.map(String), '--grace', '0', '--json']);
      expect(kill.code).toBe(1);
      const killed = json<Array<{ pid: number; outcome: string; reason: string }>>(kill);
      expect(killed.map((k) => [k.pid, k.outcome])).toEqual(pids.map((pid) => [pid, 'refused']));
      for (const k of killed) expect(k.reason).toMatch(/cannot be proven to be the recorded process/);
    };

    await expectUnverified(true);

    // The owner dies: its guardian judges the same records and signals neither.
    guarded.child.kill('SIGKILL');
    await waitFor(() => logLines(state.dir).some((l) => l.event === 'guardian-exited' && l.by === 'guardian'), {
      timeoutMs: 30_000,
      message: 'the guardian to finish after its owner was killed',
    });
    const skipped = logLines(state.dir).filter((l) => l.event === 'orphan-skipped' && l.by === 'guardian');
    expect(skipped.map((l) => [l.pid, l.verdict]).sort()).toEqual(pids.map((pid) => [pid, 'unverified']).sort());
    expect(logLines(state.dir).filter((l) => l.event === 'orphan-killed' && pids.includes(l.pid as number))).toEqual(
      [],
    );

    await expectUnverified(false);
    for (const args of [
      ['cleanup', '--dry-run', '--json'],
      ['cleanup', '--json'],
    ]) {
      const result = json<{ entries: Array<{ pid: number; decision: string; reason: string }> }>(await run(args));
      const entries = result.entries.filter((e) => pids.includes(e.pid));
      expect(entries.map((e) => [e.pid, e.decision])).toEqual(pids.map((pid) => [pid, 'unverified']));
      for (const e of entries) expect(e.reason).toMatch(/cannot be proven to be the recorded process/);
    }
    const fromCore = (await inspector.cleanupOrphans()).entries.filter((e) => pids.includes(e.pid));
    expect(fromCore.map((e) => e.decision)).toEqual(['unverified', 'unverified']);
    await inspector.close();

    // Nothing was signalled: both still run as the same processes, and their records stay.
    for (const pid of pids) expect(await identify(pid)).toMatchObject({ startTime: before.get(pid)?.startTime });
    expect(json<unknown[]>(await run(['ps', '--json']))).toHaveLength(2);
    noBoot.child.kill('SIGKILL');
    neither.child.kill('SIGKILL');
    await Promise.all([noBoot.exited, neither.exited]);
  }, 120_000);
});
