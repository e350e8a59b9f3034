// Times registry.load() of 1000 records as Lifeline writes them (every optional field set),
// against the built dist. Usage: pnpm build && node scripts/measure-load.mjs [records] [rounds]
// A fresh openRegistry per round, so the commit cache never short-cuts the parse.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const count = Number(process.argv[2] ?? 1000);
const rounds = Number(process.argv[3] ?? 50);
const t0 = performance.now();
const { openRegistry } = await import('../dist/index.js');
const importMs = performance.now() - t0;

const dir = await mkdtemp(join(tmpdir(), 'lifeline-measure-load-'));
try {
  const path = join(dir, 'active-pids.json');
  const records = Array.from({ length: count }, (_, i) => ({
    pid: 10_000 + i,
    script_path: `/home/ann/.scriptkit/scripts/script-${i}.ts`,
    started_at: new Date(Date.UTC(2024, 0, 15, 10, 30, i % 60)).toISOString(),
    pgid: 10_000 + i,
    start_time: String(1_834_520 + i),
    boot_id: '3c1a6f2e-9b8d-4c1e-a5f0-0123456789ab',
    command: `bun run /home/ann/.scriptkit/scripts/script-${i}.ts --flag value`,
    owner: {
      id: 'll-5f2c9a0011223344',
      pid: 48_100,
      start_time: '1834400',
      boot_id: '3c1a6f2e-9b8d-4c1e-a5f0-0123456789ab',
    },
    name: `script-${i}`,
  }));
  await writeFile(path, `${JSON.stringify(records, null, 2)}\n`);
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const registry = openRegistry({ path });
    const start = performance.now();
    const result = await registry.load();
    times.push(performance.now() - start);
    if (result.records.length !== count || result.corruption) throw new Error('unexpected load result');
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const fmt = (n) => n.toFixed(2);
  console.log(
    `load() of ${count} records: first ${fmt(times[0])} ms, median ${fmt(median)} ms, ` +
      `min ${fmt(sorted[0])} ms, max ${fmt(sorted.at(-1))} ms over ${rounds} rounds ` +
      `(import of the main entry ${fmt(importMs)} ms; node ${process.version})`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
