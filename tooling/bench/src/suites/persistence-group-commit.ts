/**
 * @lifeline/persistence: what a durable registration costs, and what group commit saves.
 *
 * 1. Per-registration cost in bursts of 8 concurrent registrations, at 10 and 1000 existing
 *    records (the goal: 1000 within 1.5× of 10, at most one fsync per burst).
 * 2. Group commit (N concurrent adds → one commit) against one rewrite per op (N awaited adds →
 *    N commits, each a full atomic+durable rewrite) at 10/100/1000/5000 existing records.
 * Everything runs in temp dirs; the pids are records only and are never signalled.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRegistry, type ProcessRecord, type RegistryStore } from '@lifeline/persistence';
import { type Contender, interleave, printTable, type Suite } from '../harness.js';

const record = (pid: number): ProcessRecord => ({
  pid,
  script_path: `/home/user/.scriptkit/scripts/script-${pid}.ts`,
  started_at: new Date().toISOString(),
  pgid: pid,
  start_time: String(1_000_000 + pid),
  boot_id: '3c1a6f2e-9b8d-4c1e-a5f0-0123456789ab',
  command: `bun run /home/user/.scriptkit/scripts/script-${pid}.ts`,
  owner: { id: 'll-bench', pid: process.pid, start_time: '42' },
});

/** A registry in a fresh temp dir already holding `size` records. */
async function seeded(size: number): Promise<{ registry: RegistryStore; dispose: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lifeline-bench-persist-'));
  const registry = openRegistry({ path: join(dir, 'active-pids.json') });
  await Promise.all(Array.from({ length: size }, (_, i) => registry.add(record(100_000 + i))));
  return { registry, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** Adds `ops` new records (concurrently or one awaited add at a time); teardown removes them again. */
function adding(name: string, registry: RegistryStore, ops: number, concurrent: boolean, fsyncs: number[]): Contender {
  const pids = Array.from({ length: ops }, (_, i) => 900_000 + i);
  return {
    name,
    run: async () => {
      const before = registry.stats.fsyncs;
      if (concurrent) await Promise.all(pids.map((pid) => registry.add(record(pid))));
      else for (const pid of pids) await registry.add(record(pid));
      fsyncs.push(registry.stats.fsyncs - before);
    },
    teardown: async () => {
      await registry.removeMany(pids);
    },
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;

const suite: Suite = async ({ quick }) => {
  const out: string[] = [];
  const rounds = quick ? 1 : 40;

  // 1. Bursts of 8 at 10 vs 1000 records.
  const small = await seeded(10);
  const large = await seeded(quick ? 100 : 1000);
  const fsyncs = { small: [] as number[], large: [] as number[] };
  const burst = await interleave(
    [
      adding('burst of 8 @ 10 records', small.registry, 8, true, fsyncs.small),
      adding(`burst of 8 @ ${quick ? 100 : 1000} records`, large.registry, 8, true, fsyncs.large),
    ],
    { rounds, warmup: quick ? 0 : 3 },
  );
  await small.dispose();
  await large.dispose();
  const perReg = burst.map((s) => `${s.name}: ${(s.medianMs / 8).toFixed(3)} ms per registration`).join('; ');
  out.push(
    printTable(
      'persistence: durable registration, bursts of 8 concurrent adds — goal: per registration at 1000 records ≤ 1.5× at 10',
      burst,
      `${perReg}. fsyncs per burst (median): ${median(fsyncs.small)} and ${median(fsyncs.large)} ` +
        '(plus one directory fsync each). Ratio column = cost at the larger size relative to 10 records.',
    ),
  );

  // 2. Group commit vs one rewrite per op.
  const ops = quick ? 8 : 100;
  for (const size of quick ? [10, 100] : [10, 100, 1000, 5000]) {
    const group = await seeded(size);
    const perOp = await seeded(size);
    const f = { group: [] as number[], perOp: [] as number[] };
    const stats = await interleave(
      [
        adding(`group commit: ${ops} concurrent adds`, group.registry, ops, true, f.group),
        adding(`rewrite per op: ${ops} awaited adds`, perOp.registry, ops, false, f.perOp),
      ],
      { rounds: quick ? 1 : size >= 5000 ? 5 : 10, warmup: quick ? 0 : 1 },
    );
    await group.dispose();
    await perOp.dispose();
    out.push(
      printTable(
        `persistence: ${ops} registrations at ${size} existing records`,
        stats,
        `Per op: group commit ${((stats[0]?.medianMs ?? 0) / ops).toFixed(3)} ms/op ` +
          `(${median(f.group)} fsync), rewrite-per-op ${((stats[1]?.medianMs ?? 0) / ops).toFixed(3)} ms/op (${median(f.perOp)} fsyncs).`,
      ),
    );
  }
  return out.join('\n');
};

export default suite;
