/**
 * @lifeline/core: the full life of a short child — spawn, register (durably), wait, unregister —
 * of /bin/true through the manager, 8 at a time, with 1000 other records in the registry,
 * against bare child_process.spawn (detached, the baseline) and execa (default and detached).
 * Every contender runs the same batch of children with the same env (LIFELINE_OWNER tag) and
 * waits for every exit. The 1000 seeded records are records only: nothing ever signals them.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManager } from '@lifeline/core';
import { openRegistry, type ProcessRecord } from '@lifeline/persistence';
import { expectNoSurvivors, newOwnerId } from '@lifeline/test-utils';
import { execa } from 'execa';
import { type Contender, interleave, printTable, type Suite } from '../harness.js';

const CONCURRENCY = 8;

/** Run `total` jobs with at most CONCURRENCY in flight. */
async function lanes(total: number, job: () => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < total) await job();
    }),
  );
}

const otherRecord = (i: number): ProcessRecord => ({
  pid: 3_000_000 + i,
  script_path: `/home/user/.scriptkit/scripts/s${i}.ts`,
  started_at: new Date().toISOString(),
  pgid: 3_000_000 + i,
  start_time: String(1_000 + i),
  boot_id: '00000000-0000-0000-0000-000000000000',
  command: `bun run s${i}.ts`,
  owner: { id: 'll-bench-other', pid: 3_999_999, start_time: '1' },
});

const suite: Suite = async ({ quick }) => {
  const owner = newOwnerId('bench-core-spawn');
  const env = { ...process.env, LIFELINE_OWNER: owner };
  const stateDir = await mkdtemp(join(tmpdir(), 'lifeline-bench-core-'));
  const seed = openRegistry({ path: join(stateDir, 'active-pids.json') });
  const others = quick ? 100 : 1000;
  await Promise.all(Array.from({ length: others }, (_, i) => seed.add(otherRecord(i))));
  await seed.close();
  const manager = createManager({ stateDir, ownerId: owner, handleSignals: false });
  const perRound = quick ? 8 : 64;
  const bare = () =>
    new Promise((resolve, reject) => {
      const child = spawn('/bin/true', [], { detached: true, stdio: 'ignore', env });
      child.once('exit', resolve);
      child.once('error', reject);
    });
  const contenders: Contender[] = [
    { name: 'child_process.spawn detached (baseline)', run: () => lanes(perRound, bare) },
    { name: 'execa default', run: () => lanes(perRound, () => execa('/bin/true', { env })) },
    { name: 'execa detached', run: () => lanes(perRound, () => execa('/bin/true', { env, detached: true })) },
    {
      name: `manager spawn+register+wait+unregister (${others} other records)`,
      run: () => lanes(perRound, () => manager.spawn('/bin/true', [], { stdio: 'ignore' }).wait()),
    },
  ];
  try {
    const stats = await interleave(contenders, { rounds: quick ? 1 : 30, warmup: quick ? 0 : 3 });
    const perChild = stats.map((s) => `${s.name}: ${((s.medianMs / perRound) * 1000).toFixed(0)} µs`).join('; ');
    return printTable(
      `core: ${perRound} short children (/bin/true), ${CONCURRENCY} at a time`,
      stats,
      `Per child (median round / ${perRound}): ${perChild}. The manager's figure includes reading the identity, ` +
        'two durable registry commits (add, remove; group-committed across the 8 lanes) and the process-group check.',
    );
  } finally {
    await manager.shutdown();
    await expectNoSurvivors(owner);
    await rm(stateDir, { recursive: true, force: true });
  }
};

export default suite;
