/**
 * Suite 3: liveness of 1000 recorded processes: 900 dead (processes we started and that exited),
 * 50 reused (a live process's pid recorded with a wrong start time: not the recorded process),
 * 50 live. @lifeline/platform-kill livenessMany() vs a ps-list check (pid in the table) vs
 * process.kill(pid, 0). A wrong answer is "alive" for a dead or reused record, or "dead" for a live one.
 * In-process timings through tinybench, interleaved by round. Goal (issue 3): ≥ 5× ps-list with
 * zero wrong answers. The dead pids are of processes this suite started and that exited; the
 * bare kill(pid, 0) contender only ever probes with signal 0, which delivers nothing.
 */
import { spawn } from 'node:child_process';
import { identify, livenessMany, terminateAll } from '@lifeline/platform-kill';
import { newOwnerId, OWNER_ENV, reapOwner } from '@lifeline/test-utils';
import psList from 'ps-list';
import { printTable, type Suite } from '../harness.js';
import { microInterleave } from '../lib/micro.js';

interface Rec {
  pid: number;
  startTime: string;
  bootId: string | null;
  alive: boolean;
}

function run(file: string, args: string[], owner: string): Promise<number> {
  const child = spawn(file, args, { stdio: 'ignore', env: { ...process.env, [OWNER_ENV]: owner }, detached: true });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    if (file === '/bin/true') child.once('exit', () => resolve(child.pid as number));
    else child.once('spawn', () => resolve(child.pid as number));
  });
}

const suite: Suite = async ({ quick }) => {
  const owner = newOwnerId('bench-pk-live');
  const [deadCount, liveCount] = quick ? [18, 1] : [900, 50];
  const records: Rec[] = [];
  const live: number[] = [];
  try {
    for (let i = 0; i < deadCount; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, deadCount - i) }, () => run('/bin/true', [], owner)),
      );
      for (const pid of batch) records.push({ pid, startTime: '1', bootId: null, alive: false });
    }
    live.push(...(await Promise.all(Array.from({ length: liveCount }, () => run('/bin/sleep', ['100000'], owner)))));
    for (const pid of live) {
      const id = await identify(pid);
      if (!id) throw new Error(`live sleeper ${pid} not found`);
      records.push({ pid, startTime: id.startTime, bootId: id.bootId, alive: true });
      records.push({ pid, startTime: String(Number(id.startTime) + 1), bootId: id.bootId, alive: false });
    }
    records.sort((a, b) => a.pid - b.pid || Number(a.alive) - Number(b.alive));
    const count = (answers: boolean[]) => answers.reduce((n, alive, i) => n + (alive === records[i]?.alive ? 0 : 1), 0);
    const stats = await microInterleave(
      [
        {
          name: '@lifeline/platform-kill livenessMany()',
          run: async () => count((await livenessMany(records)).map((l) => l === 'alive')),
        },
        {
          name: 'ps-list (pid in table)',
          run: async () => {
            const pids = new Set((await psList()).map((p) => p.pid));
            return count(records.map((r) => pids.has(r.pid)));
          },
        },
        {
          name: 'process.kill(pid, 0)',
          run: () =>
            count(
              records.map((r) => {
                try {
                  process.kill(r.pid, 0);
                  return true;
                } catch (error) {
                  return (error as NodeJS.ErrnoException).code === 'EPERM';
                }
              }),
            ),
        },
      ],
      { rounds: quick ? 1 : 6, timeMs: quick ? 50 : 500 },
    );
    return printTable(
      `platform-kill: liveness of ${records.length} records (${deadCount} dead, ${liveCount} reused, ${liveCount} live) — goal ≥ 5× ps-list, 0 wrong`,
      stats,
      'tinybench, n = calls over all rounds; wrong = the most wrong answers one call gave ' +
        '(alive for a dead or reused record, or dead for a live one).',
    );
  } finally {
    await terminateAll(
      live.map((pid) => ({ pid })),
      { graceMs: 0 },
    );
    await reapOwner(owner);
  }
};

export default suite;
