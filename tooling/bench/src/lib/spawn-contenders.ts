/**
 * The contenders of the spawn suites: one short child's whole life (start, wait for its exit)
 * through bare child_process.spawn (detached: the baseline, a child in its own group as the
 * manager makes it), execa (default and detached) and the manager (spawn, durable register,
 * wait, unregister), run `total` times with at most `concurrency` in flight. Everything carries
 * the owner tag. Registries are seeded with records only: nothing ever signals their pids.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManager, type ProcessManager } from '@lifeline/core';
import { openRegistry, type ProcessRecord } from '@lifeline/persistence';
import { newOwnerId, OWNER_ENV, reapOwner } from '@lifeline/test-utils';
import { execa } from 'execa';

/** Run `total` jobs with at most `concurrency` in flight; returns how many did not exit 0. */
export async function lanes(total: number, concurrency: number, job: Job): Promise<number> {
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < total) if (!(await job())) failed++;
    }),
  );
  return failed;
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

export interface SeededManager {
  manager: ProcessManager;
  owner: string;
  records: number;
  /** The containment its children get: `cgroup2` (each in its own cgroup) or `none`. */
  containment: string;
  /** Children whose record was durably written (a child that exits before its identity is read is never registered). */
  registered: number;
  dispose(): Promise<void>;
}

/** A manager on a fresh state dir whose registry already holds `records` records of another owner. */
export async function seededManager(
  records: number,
  label: string,
  containment: 'auto' | 'off' = 'auto',
): Promise<SeededManager> {
  const owner = newOwnerId(label);
  const stateDir = await mkdtemp(join(tmpdir(), 'lifeline-bench-spawn-'));
  const seed = openRegistry({ path: join(stateDir, 'active-pids.json') });
  await Promise.all(Array.from({ length: records }, (_, i) => seed.add(otherRecord(i))));
  await seed.close();
  const manager = createManager({ stateDir, ownerId: owner, handleSignals: false, logger: false, containment });
  const seeded: SeededManager = {
    manager,
    owner,
    records,
    containment: manager.containment.mechanism,
    registered: 0,
    async dispose() {
      await manager.shutdown({ graceMs: 0 });
      await reapOwner(owner);
      await rm(stateDir, { recursive: true, force: true });
    },
  };
  manager.on('registered', () => {
    seeded.registered++;
  });
  return seeded;
}

/** One child's life; resolves true when it exited 0. */
export type Job = () => Promise<boolean>;

export function bareDetached(file: string, args: string[], owner: string): Job {
  const env = { ...process.env, [OWNER_ENV]: owner };
  return () =>
    new Promise((resolve, reject) => {
      const child = spawn(file, args, { detached: true, stdio: 'ignore', env });
      child.once('exit', (code) => resolve(code === 0));
      child.once('error', reject);
    });
}

export function execaJob(file: string, args: string[], owner: string, detached: boolean): Job {
  const env = { ...process.env, [OWNER_ENV]: owner };
  return async () => (await execa(file, args, { env, detached, reject: false })).exitCode === 0;
}

export function managerJob(file: string, args: string[], seeded: SeededManager): Job {
  return async () => (await seeded.manager.spawn(file, args, { stdio: 'ignore' }).wait()).exitCode === 0;
}

/** One benchmark cell of the spawn suites: a short child, how many at once, how many per round. */
export interface SpawnCell {
  label: string;
  file: string;
  args: string[];
  concurrency: number;
  perRound: number;
}

/** The children the spawn suites compare on: /bin/true and `node -e 0`, one at a time and 8 at a time. */
export function spawnCells(quick: boolean): SpawnCell[] {
  const node = process.execPath;
  return [
    { label: '/bin/true', file: '/bin/true', args: [], concurrency: 1, perRound: quick ? 4 : 16 },
    { label: '/bin/true', file: '/bin/true', args: [], concurrency: 8, perRound: quick ? 8 : 64 },
    { label: 'node -e 0', file: node, args: ['-e', '0'], concurrency: 1, perRound: quick ? 2 : 4 },
    { label: 'node -e 0', file: node, args: ['-e', '0'], concurrency: 8, perRound: quick ? 8 : 16 },
  ];
}
