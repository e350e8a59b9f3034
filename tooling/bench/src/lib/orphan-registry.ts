/**
 * A registry left behind by a dead owner, for the orphan-cleanup suites: `gone` records whose
 * pid is absent from /proc when the file is written, `reused` records naming a live bystander
 * with the wrong start time (cleanup must leave it alone), and `live` records of `sleep`
 * processes with their true identity (cleanup must end them). Live ones carry the dead owner's
 * tag, bystanders another tag; both are reaped by tag after every round. Cleanup only ever
 * signals a pid after verifying its recorded identity, so the gone pids are never signalled.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { ProcessManager } from '@lifeline/core';
import type { OwnerRecord, ProcessRecord } from '@lifeline/persistence';
import { identify } from '@lifeline/platform-kill';
import { newOwnerId, OWNER_ENV, procState, reapOwner } from '@lifeline/test-utils';

const alive = (pid: number) => {
  const s = procState(pid);
  return s !== undefined && s !== 'Z' && s !== 'X';
};

/** The record of an owner process that ran and exited (a real identity, now dead). */
async function exitedOwner(id: string): Promise<OwnerRecord> {
  const child = spawn('/bin/sh', ['-c', 'read x'], {
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { ...process.env, [OWNER_ENV]: id },
  });
  const identity = await identify(child.pid as number);
  if (!identity) throw new Error('owner stand-in vanished before its identity was read');
  child.stdin.end();
  await new Promise((r) => child.once('exit', r));
  return { id, pid: identity.pid, start_time: identity.startTime, boot_id: identity.bootId };
}

export interface OrphanScenario {
  /** Start the live and bystander processes and write the registry (untimed). */
  setup(): Promise<void>;
  /** Reap both tags (untimed). */
  teardown(): Promise<void>;
  /** Wrong results of a cleanup: miscounted decisions, live orphans left, bystanders killed. */
  wrong(entries: { decision: string }[], endedDecision: 'killed' | 'would-kill'): number;
}

export async function orphanScenario(
  manager: ProcessManager,
  counts: { gone: number; reused: number; live: number },
): Promise<OrphanScenario> {
  const deadId = newOwnerId('bench-orphans-dead');
  const bystanderId = newOwnerId('bench-orphans-bystander');
  const owner = await exitedOwner(deadId);
  let liveChildren: ChildProcess[] = [];
  let bystanders: ChildProcess[] = [];
  const start = async (count: number, tag: string) => {
    const children = Array.from({ length: count }, () =>
      spawn('sleep', ['1000'], { detached: true, stdio: 'ignore', env: { ...process.env, [OWNER_ENV]: tag } }),
    );
    await Promise.all(children.map((c) => new Promise((r) => c.once('spawn', r))));
    return children;
  };
  return {
    async setup() {
      liveChildren = await start(counts.live, deadId);
      bystanders = await start(counts.reused, bystanderId);
      const records: ProcessRecord[] = [];
      const base = { script_path: '/scripts/x.ts', started_at: new Date().toISOString(), owner };
      for (const c of liveChildren) {
        const id = await identify(c.pid as number);
        if (!id) throw new Error(`live orphan ${c.pid} vanished`);
        records.push({ ...base, pid: id.pid, pgid: id.pid, start_time: id.startTime, boot_id: id.bootId });
      }
      for (const c of bystanders) {
        const id = await identify(c.pid as number);
        if (!id) throw new Error(`bystander ${c.pid} vanished`);
        records.push({ ...base, pid: id.pid, start_time: String(Number(id.startTime) - 1), boot_id: id.bootId });
      }
      const total = counts.gone + counts.reused + counts.live;
      for (let pid = 2_000_000; records.length < total; pid += 7)
        if (!existsSync(`/proc/${pid}`))
          records.push({ ...base, pid, start_time: '12345', boot_id: owner.boot_id ?? null });
      await writeFile(manager.layout.registryFile, JSON.stringify(records));
    },
    async teardown() {
      await reapOwner(deadId);
      await reapOwner(bystanderId);
    },
    wrong(entries, endedDecision) {
      const count = (d: string) => entries.filter((e) => e.decision === d).length;
      const miscounted =
        Math.abs(count('already-gone') - counts.gone) +
        Math.abs(count('reused') - counts.reused) +
        Math.abs(count(endedDecision) - counts.live);
      if (endedDecision === 'would-kill') return miscounted;
      const survivors = liveChildren.filter((c) => alive(c.pid as number)).length;
      const wronglyKilled = bystanders.filter((c) => !alive(c.pid as number)).length;
      return miscounted + survivors + wronglyKilled;
    },
  };
}
