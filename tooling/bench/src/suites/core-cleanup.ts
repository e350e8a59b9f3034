/**
 * @lifeline/core: orphan cleanup of a registry of 1000 records left by a dead owner — 900 whose
 * process is gone, 50 whose pid now belongs to another live process (wrong start time: must
 * survive), 50 live and matching (must be ended). Timed: the decision alone (dryRun) and the
 * full run (decide + end the 50 live ones + rewrite the registry). wrong = a live orphan left
 * alive, a reused-pid bystander killed, or a miscounted decision.
 *
 * The 900 "gone" pids are numbers checked to be absent from /proc when the file is written;
 * cleanup only ever signals a pid after verifying its recorded identity, so they are never signalled.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManager } from '@lifeline/core';
import type { OwnerRecord, ProcessRecord } from '@lifeline/persistence';
import { identify } from '@lifeline/platform-kill';
import { newOwnerId, procState, reapOwner } from '@lifeline/test-utils';
import { interleave, printTable, type Suite } from '../harness.js';

const alive = (pid: number) => {
  const s = procState(pid);
  return s !== undefined && s !== 'Z' && s !== 'X';
};

async function exitedOwner(id: string): Promise<OwnerRecord> {
  const child = spawn('/bin/sh', ['-c', 'read x'], { stdio: ['pipe', 'ignore', 'ignore'] });
  const identity = await identify(child.pid!);
  child.stdin.end();
  await new Promise((r) => child.once('exit', r));
  return { id, pid: identity!.pid, start_time: identity!.startTime, boot_id: identity!.bootId };
}

const suite: Suite = async ({ quick }) => {
  const deadId = newOwnerId('bench-core-dead');
  const bystanderId = newOwnerId('bench-core-bystander');
  const [gone, reused, live] = quick ? [18, 1, 1] : [900, 50, 50];
  const stateDir = await mkdtemp(join(tmpdir(), 'lifeline-bench-core-'));
  const manager = createManager({
    stateDir,
    ownerId: newOwnerId('bench-core-cleaner'),
    handleSignals: false,
    logger: false,
  });
  const owner = await exitedOwner(deadId);
  let liveChildren: ChildProcess[] = [];
  let bystanders: ChildProcess[] = [];
  const start = async (count: number, tag: string) => {
    const children = Array.from({ length: count }, () =>
      spawn('sleep', ['1000'], { detached: true, stdio: 'ignore', env: { ...process.env, LIFELINE_OWNER: tag } }),
    );
    await Promise.all(children.map((c) => new Promise((r) => c.once('spawn', r))));
    return children;
  };
  const setup = async () => {
    liveChildren = await start(live, deadId);
    bystanders = await start(reused, bystanderId);
    const records: ProcessRecord[] = [];
    const base = { script_path: '/scripts/x.ts', started_at: new Date().toISOString(), owner };
    for (const c of liveChildren) {
      const id = await identify(c.pid!);
      records.push({ ...base, pid: c.pid!, pgid: c.pid!, start_time: id!.startTime, boot_id: id!.bootId });
    }
    for (const c of bystanders) {
      const id = await identify(c.pid!);
      records.push({ ...base, pid: c.pid!, start_time: String(Number(id!.startTime) - 1), boot_id: id!.bootId });
    }
    for (let pid = 2_000_000; records.length < gone + reused + live; pid += 7)
      if (!existsSync(`/proc/${pid}`))
        records.push({ ...base, pid, start_time: '12345', boot_id: owner.boot_id ?? null });
    await writeFile(manager.layout.registryFile, JSON.stringify(records));
  };
  const teardown = async () => {
    await reapOwner(deadId);
    await reapOwner(bystanderId);
  };
  const miscount = (entries: { decision: string }[], ended: string) => {
    const count = (d: string) => entries.filter((e) => e.decision === d).length;
    return Math.abs(count('already-gone') - gone) + Math.abs(count('reused') - reused) + Math.abs(count(ended) - live);
  };
  try {
    const stats = await interleave(
      [
        {
          name: 'cleanupOrphans({ dryRun: true }): decide only',
          setup,
          run: async () => miscount((await manager.cleanupOrphans({ dryRun: true })).entries, 'would-kill'),
          teardown,
        },
        {
          name: `cleanupOrphans(): decide + end ${live} live trees + rewrite the registry`,
          setup,
          run: async () => {
            const result = await manager.cleanupOrphans();
            const survivors = liveChildren.filter((c) => alive(c.pid!)).length;
            const wronglyKilled = bystanders.filter((c) => !alive(c.pid!)).length;
            return miscount(result.entries, 'killed') + survivors + wronglyKilled;
          },
          teardown,
        },
      ],
      { rounds: quick ? 1 : 15, warmup: quick ? 0 : 2, baseline: 'cleanupOrphans({ dryRun: true }): decide only' },
    );
    return printTable(
      `core: orphan cleanup of ${gone + reused + live} records (${gone} gone, ${reused} reused, ${live} live)`,
      stats,
      'The decision reads the registry, checks owner liveness, checks every record identity in one ' +
        'process-table pass and looks for processes carrying the dead owner tag (all of /proc); ' +
        'the full run adds terminateAll of the live ones (graceMs 3000, they honour SIGTERM) and one registry commit.',
    );
  } finally {
    await teardown();
    await manager.shutdown();
    await rm(stateDir, { recursive: true, force: true });
  }
};

export default suite;
