/**
 * How the owner's memory grows with its children: the resident set (RSS, after two forced GCs)
 * of an owner process holding 0 and 500 live `sleep` children, started through bare
 * child_process.spawn, execa and the Lifeline manager (start()ed, default logger, no guardian).
 * Each owner is a fresh plain-node process (src/probes/rss-owner.mjs), runs interleaved by
 * round. wrong = children the owner did not see running, plus processes of the owner tag left
 * after the owner ended its children and exited (then reaped by tag).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newOwnerId, OWNER_ENV, reapOwner } from '@lifeline/test-utils';
import type { Suite } from '../harness.js';

const probe = fileURLToPath(new URL('../probes/rss-owner.mjs', import.meta.url));
const modes = ['bare', 'execa', 'manager'] as const;
const MiB = 2 ** 20;

async function runOwner(mode: string, count: number): Promise<{ rss: number; heapUsed: number; wrong: number }> {
  const owner = newOwnerId(`bench-rss-${mode}`);
  const stateDir = await mkdtemp(join(tmpdir(), 'lifeline-bench-rss-'));
  try {
    const child = spawn(process.execPath, ['--expose-gc', probe, mode, String(count), stateDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, [OWNER_ENV]: owner, LIFELINE_HOME: stateDir },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    const code = await new Promise((r) => child.once('exit', r));
    if (code !== 0) throw new Error(`rss owner (${mode}, ${count}) exited ${code}`);
    const result = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as {
      rss: number;
      heapUsed: number;
      running: number;
    };
    const leftovers = (await reapOwner(owner)).length;
    return { rss: result.rss, heapUsed: result.heapUsed, wrong: count - result.running + leftovers };
  } finally {
    await reapOwner(owner);
    await rm(stateDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? Number.NaN;

const suite: Suite = async ({ quick }) => {
  const counts = [0, quick ? 20 : 500];
  const rounds = quick ? 1 : 3;
  const rows = new Map<string, { rss: number[]; heap: number[]; wrong: number }>();
  for (let round = 0; round < rounds; round++)
    for (const count of counts)
      for (const mode of modes) {
        const key = `${mode}|${count}`;
        const r = await runOwner(mode, count);
        const row = rows.get(key) ?? { rss: [], heap: [], wrong: 0 };
        row.rss.push(r.rss);
        row.heap.push(r.heapUsed);
        row.wrong += r.wrong;
        rows.set(key, row);
      }
  const lines = [
    `### scaling: owner RSS with ${counts.join(' and ')} live children`,
    '',
    '| owner | children | n | RSS median MiB | min | max | heap used MiB | per child KiB | wrong |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const count of counts)
    for (const mode of modes) {
      const row = rows.get(`${mode}|${count}`);
      if (!row) continue;
      const zero = median(rows.get(`${mode}|0`)?.rss ?? []);
      const perChild = count > 0 ? ((median(row.rss) - zero) / count / 1024).toFixed(1) : '–';
      lines.push(
        `| ${mode === 'manager' ? 'Lifeline manager' : mode === 'bare' ? 'child_process.spawn' : 'execa'} | ${count} | ` +
          `${row.rss.length} | ${(median(row.rss) / MiB).toFixed(1)} | ${(Math.min(...row.rss) / MiB).toFixed(1)} | ` +
          `${(Math.max(...row.rss) / MiB).toFixed(1)} | ${(median(row.heap) / MiB).toFixed(1)} | ${perChild} | ${row.wrong} |`,
      );
    }
  lines.push(
    '',
    'Each figure is a fresh owner process (plain node --expose-gc); per child = (median RSS with children − median RSS with none) / children.',
    '',
  );
  const text = lines.join('\n');
  console.log(text);
  return text;
};

export default suite;
