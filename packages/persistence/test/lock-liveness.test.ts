import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRegistry } from '../src/registry/registry';
import type { VerifyHolder } from '../src/types';
import { type NodeChild, startNodeFixture } from './helpers/child';
import { useFixtureFrame } from './helpers/frame';
import { procVerify, startTimeOf } from './helpers/proc-verify';

const frame = useFixtureFrame('persist');
let started: NodeChild[] = [];
beforeEach(() => {
  started = [];
});
// Runs before the frame's no-survivors check (vitest runs after-hooks in reverse order).
afterEach(() => {
  // A failed assertion may leave a fixture running: end ours, by their handles.
  for (const c of started) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL');
});

const at = '2024-01-15T10:30:00.000Z';
// 60 s: the mtime fallback alone could not free a lock within any test's timeout, so a writer
// that gets the lock of a killed holder can only have got it through the liveness check.
const staleMs = 60_000;

async function holderFile(path: string): Promise<{ pid: number; start_time: string | null; token: string }> {
  return JSON.parse(await readFile(`${path}.lock`, 'utf8'));
}

/** A child that stopped inside a commit, holding the lock (the record's pid is data only). */
async function startHolder(path: string, recordPid: number): Promise<NodeChild> {
  const holder = startNodeFixture('lock-holder.mjs', [path, String(recordPid)], frame.owner);
  started.push(holder);
  await holder.waitForMessage((m) => m.locked === true, 'holding the lock');
  return holder;
}

async function killHolder(holder: NodeChild): Promise<void> {
  holder.child.kill('SIGKILL'); // our own child, by its ChildProcess handle
  expect((await holder.exited).signal).toBe('SIGKILL');
}

describe('lock holder liveness (needs dist: pnpm build first)', () => {
  it('records its holder and is broken at once when the holder was SIGKILLed mid-commit', async () => {
    const path = join(frame.dir, 'active-pids.json');
    const holder = await startHolder(path, 4242);
    const recorded = await holderFile(path);
    expect(recorded.pid).toBe(holder.pid);
    expect(recorded.start_time).toBe(await startTimeOf(holder.pid));
    await killHolder(holder);

    const registry = openRegistry({ path, staleMs });
    await registry.add({ pid: 99, script_path: '/after-crash', started_at: at });
    expect((await registry.list()).map((r) => r.pid)).toEqual([99]);
    // Released; nothing of the broken lock is left (renamed copy, marker, temp file).
    expect((await readdir(frame.dir)).filter((n) => n.includes('.lock'))).toEqual([]);
  });

  it('two writers racing to break the same dead lock: one holder at a time, no record lost', async () => {
    const path = join(frame.dir, 'active-pids.json');
    const expected: number[] = [];
    for (let round = 0; round < 3; round++) {
      const holder = await startHolder(path, 4242);
      const racers = [0, 1].map((r) => {
        const base = 100_000 + round * 1000 + r * 100;
        expected.push(...Array.from({ length: 20 }, (_, i) => base + i));
        const racer = startNodeFixture('racer.mjs', [path, String(base), '20'], frame.owner);
        started.push(racer);
        return racer;
      });
      await Promise.all(racers.map((r) => r.waitForMessage((m) => m.ready === true, 'ready')));
      await killHolder(holder);
      for (const r of racers) r.child.stdin?.write('go\n');
      const results = await Promise.all(racers.map((r) => r.waitForMessage((m) => 'done' in m, 'done')));
      expect(results).toEqual([
        { done: true, violations: 0 },
        { done: true, violations: 0 },
      ]);
      await Promise.all(racers.map((r) => r.exited));
    }
    const pids = (await openRegistry({ path }).list()).map((r) => r.pid).sort((a, b) => a - b);
    expect(pids).toEqual(expected.sort((a, b) => a - b));
  });

  it('a live holder is never broken: the waiter gets the lock only after the holder releases it', async () => {
    const path = join(frame.dir, 'active-pids.json');
    const holder = await startHolder(path, 4242);
    const before = await holderFile(path);
    const judged: Array<{ pid: number; start_time: string | null | undefined; verdict: string }> = [];
    const counting: VerifyHolder = async (h) => {
      const verdict = await procVerify(h);
      judged.push({ pid: h.pid, start_time: h.start_time, verdict });
      return verdict;
    };
    const registry = openRegistry({ path, staleMs, verifyHolder: counting });
    let settled = false;
    const adding = registry.add({ pid: 99, script_path: '/waiter', started_at: at }).finally(() => {
      settled = true;
    });
    // Readiness, not a sleep: the waiter has found the lock taken and judged its holder 5 times.
    await waitFor(() => judged.length >= 5, { message: 'the waiter to judge the holder 5 times' });
    expect(settled).toBe(false);
    expect(judged.slice(0, 5)).toEqual(
      Array(5).fill({ pid: holder.pid, start_time: before.start_time, verdict: 'alive' }),
    );
    expect((await holderFile(path)).token).toBe(before.token);

    holder.child.stdin?.write('go\n');
    // The holder's commit checks, just before its rename, that the lock still names it.
    expect(await holder.waitForMessage((m) => 'committed' in m, 'its commit')).toEqual({ committed: true });
    await adding;
    expect((await registry.list()).map((r) => r.pid).sort((a, b) => a - b)).toEqual([99, 4242]);
    holder.child.stdin?.end();
    expect((await holder.exited).code).toBe(0);
  });
});
