/**
 * @lifeline/core: killAll of 100 children that honour SIGTERM (`sleep`), timed until every one is
 * confirmed dead AND unregistered (core queues the durable removal behind killAll; flush() waits
 * for it), against a bare baseline: process.kill of
 * each child's group with SIGTERM from plain child_process children, timed until every 'exit'
 * event. wrong = children still alive after the run. Everything carries this suite's owner tag.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManager } from '@lifeline/core';
import { newOwnerId, procState, readOwnerTag, reapOwner } from '@lifeline/test-utils';
import { interleave, printTable, type Suite } from '../harness.js';

const alive = (pid: number) => {
  const s = procState(pid);
  return s !== undefined && s !== 'Z' && s !== 'X';
};

const suite: Suite = async ({ quick }) => {
  const owner = newOwnerId('bench-core-killall');
  const env = { ...process.env, LIFELINE_OWNER: owner };
  const n = quick ? 5 : 100;
  const stateDir = await mkdtemp(join(tmpdir(), 'lifeline-bench-core-'));
  const manager = createManager({ stateDir, ownerId: owner, handleSignals: false, graceMs: 3000 });
  let bare: ChildProcess[] = [];
  let managed: number[] = [];
  /** Per round: ms until terminateAll confirmed every child dead (the last 'killed' event). */
  const deadAt: number[] = [];
  try {
    const stats = await interleave(
      [
        {
          name: 'bare: process.kill(-pgid, SIGTERM) + wait for exit events (baseline)',
          setup: async () => {
            bare = Array.from({ length: n }, () => spawn('sleep', ['1000'], { detached: true, stdio: 'ignore', env }));
            await Promise.all(bare.map((c) => new Promise((r) => c.once('spawn', r))));
          },
          run: async () => {
            const exits = bare.map((c) => new Promise((r) => c.once('exit', r)));
            for (const c of bare) {
              // Our own child, just spawned, carrying our tag: its group is its pid.
              if (c.pid && c.pid > 1 && readOwnerTag(c.pid) === owner) process.kill(-c.pid, 'SIGTERM');
            }
            await Promise.all(exits);
            return bare.filter((c) => c.pid && alive(c.pid)).length;
          },
          teardown: async () => {
            await reapOwner(owner);
          },
        },
        {
          name: `manager.killAll (${n} children, unregistered)`,
          setup: async () => {
            const handles = Array.from({ length: n }, () => manager.spawn('sleep', ['1000'], { stdio: 'ignore' }));
            await Promise.all(handles.map((h) => h.ready));
            managed = handles.map((h) => h.pid);
          },
          run: async () => {
            const started = performance.now();
            let killed = 0;
            const onKilled = () => {
              if (++killed === n) deadAt.push(performance.now() - started);
            };
            manager.on('killed', onKilled);
            const reports = await manager.killAll();
            manager.off('killed', onKilled);
            return reports.reduce((sum, r) => sum + r.survivors.length, 0) + managed.filter(alive).length;
          },
          teardown: async () => {
            await reapOwner(owner);
          },
        },
      ],
      { rounds: quick ? 1 : 15, warmup: quick ? 0 : 2 },
    );
    const sorted = deadAt.slice(quick ? 0 : 2).sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1] ?? 0;
    return printTable(
      `core: killAll of ${n} children that honour SIGTERM — goal ≤ 50 ms`,
      stats,
      'Timed from the call until every child is confirmed dead; for the manager until killAll resolves, i.e. ' +
        `also every child unregistered in memory (the durable removal is queued behind it). The manager's confirmed-dead point alone (last 'killed' event): ` +
        `median ${median.toFixed(1)} ms, min ${(sorted[0] ?? 0).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms.`,
    );
  } finally {
    await manager.shutdown();
    await reapOwner(owner);
    await rm(stateDir, { recursive: true, force: true });
  }
};

export default suite;
