/**
 * A registry left behind by a dead owner, for the orphan-cleanup suites: `gone` records whose
 * pid is absent from /proc when the file is written, `reused` records naming a live bystander
 * with the wrong start time (cleanup must leave it alone), and `live` records of `sleep`
 * processes with their true identity (cleanup must end them). Live ones carry the dead owner's
 * tag, bystanders another tag; both are started by one stand-in of their owners
 * (orphan-spawner.mjs), never by the cleaner, and reaped by tag after every round. Cleanup only ever
 * signals a pid after verifying its recorded identity, so the gone pids are never signalled.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ProcessManager } from '@lifeline/core';
import { ownerTagPrefix } from '@lifeline/core/testing';
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

const SPAWNER = fileURLToPath(new URL('./orphan-spawner.mjs', import.meta.url));

export interface OrphanScenario {
  /** Start the live and bystander processes and write the registry (untimed). */
  setup(): Promise<void>;
  /** Reap both tags (untimed). */
  teardown(): Promise<void>;
  /** Reap both tags and end the stand-in that starts the processes. */
  close(): Promise<void>;
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
  // As an instance of this state directory writes it: with its tag prefix (cleanup sweeps that tag too).
  const taggedOwner: OwnerRecord = { ...owner, tag: ownerTagPrefix(manager.layout.stateDir) };
  let livePids: number[] = [];
  let bystanderPids: number[] = [];
  // One stand-in for the whole scenario, started now: the cleaner forks nothing between rounds.
  const spawnerId = newOwnerId('bench-orphans-spawner');
  const stand = spawn(process.execPath, [SPAWNER], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, [OWNER_ENV]: spawnerId },
  });
  const answers = createInterface({ input: stand.stdout })[Symbol.asyncIterator]();
  const standFailed = new Promise<never>((_, reject) => {
    stand.once('error', reject);
    stand.once('exit', (code) => reject(new Error(`orphan spawner exited (${code})`)));
  });
  standFailed.catch(() => undefined);
  /** `count` sleeps tagged `tag`, started by the stand-in (lib/orphan-spawner.mjs). One request at a time. */
  const start = async (count: number, tag: string) => {
    stand.stdin.write(`${count} ${tag}\n`);
    const answer = await Promise.race([answers.next(), standFailed]);
    return JSON.parse(answer.value as string) as number[];
  };
  return {
    async setup() {
      livePids = await start(counts.live, deadId);
      bystanderPids = await start(counts.reused, bystanderId);
      const records: ProcessRecord[] = [];
      const base = { script_path: '/scripts/x.ts', started_at: new Date().toISOString(), owner: taggedOwner };
      for (const pid of livePids) {
        const id = await identify(pid);
        if (!id) throw new Error(`live orphan ${pid} vanished`);
        records.push({ ...base, pid: id.pid, pgid: id.pid, start_time: id.startTime, boot_id: id.bootId });
      }
      for (const pid of bystanderPids) {
        const id = await identify(pid);
        if (!id) throw new Error(`bystander ${pid} vanished`);
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
    async close() {
      // Also after a round that threw between setup and teardown: its sleeps carry the two tags.
      await reapOwner(deadId);
      await reapOwner(bystanderId);
      stand.stdin.end();
      await reapOwner(spawnerId);
    },
    wrong(entries, endedDecision) {
      const count = (d: string) => entries.filter((e) => e.decision === d).length;
      const miscounted =
        Math.abs(count('already-gone') - counts.gone) +
        Math.abs(count('reused') - counts.reused) +
        Math.abs(count(endedDecision) - counts.live);
      if (endedDecision === 'would-kill') return miscounted;
      const survivors = livePids.filter(alive).length;
      const wronglyKilled = bystanderPids.filter((pid) => !alive(pid)).length;
      return miscounted + survivors + wronglyKilled;
    },
  };
}
