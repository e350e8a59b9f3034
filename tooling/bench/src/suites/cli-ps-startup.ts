/**
 * Suite 7: `lifeline ps` cold start with 100 tracked records (50 live `sleep` processes tracked through
 * core, 50 records of processes that have exited) against `node -e 0`, each a whole process
 * run by spawnSync, interleaved. Goal (issue 18): ps ≤ 1.4× node -e 0. `lifeline --version`
 * shows the fixed cost of the bundled bin. A ps run is wrong when its JSON does not list
 * exactly the 100 records with the expected states. Whole-process timing: each run is a
 * spawnSync measured with process.hrtime (the runner interleaves them), which is what
 * hyperfine would measure, without needing it installed. Every process carries the owner tag.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createManager } from '@lifeline/core';
import type { ProcessRecord } from '@lifeline/persistence';
import { newOwnerId, OWNER_ENV, reapOwner } from '@lifeline/test-utils';
import { interleave, printTable, type Suite } from '../harness.js';

const bin = join(dirname(createRequire(import.meta.url).resolve('@lifeline/cli/package.json')), 'bin', 'lifeline.js');

const suite: Suite = async ({ quick }) => {
  const owner = newOwnerId('bench-cli-ps');
  const home = await mkdtemp(join(tmpdir(), 'lifeline-bench-cli-'));
  const [liveCount, goneCount] = quick ? [3, 3] : [50, 50];
  const manager = createManager({ stateDir: home, ownerId: owner, logger: false, handleSignals: false });
  try {
    const children = Array.from({ length: liveCount }, () =>
      manager.spawn('/bin/sleep', ['100000'], { stdio: 'ignore' }),
    );
    await Promise.all(children.map((c) => c.ready));
    // Records of processes that ran and exited: real pids, now gone.
    const gone: ProcessRecord[] = [];
    for (let i = 0; i < goneCount; i++) {
      const done = spawnSync('/bin/sh', ['-c', 'echo $$'], {
        encoding: 'utf8',
        env: { ...process.env, [OWNER_ENV]: owner },
      });
      gone.push({
        pid: Number(done.stdout.trim()),
        script_path: '/bin/true',
        started_at: new Date().toISOString(),
        start_time: '1',
      });
    }
    const registry = join(home, 'active-pids.json');
    const live = JSON.parse(await readFile(registry, 'utf8')) as ProcessRecord[];
    await writeFile(registry, JSON.stringify([...live, ...gone], null, 2));
    const total = liveCount + goneCount;

    const env = { ...process.env, LIFELINE_HOME: home, NO_COLOR: '1', [OWNER_ENV]: owner };
    const node = (args: string[]) => spawnSync(process.execPath, args, { env, encoding: 'utf8' });
    const stats = await interleave(
      [
        { name: 'node -e 0', run: () => (node(['-e', '0']).status === 0 ? 0 : 1) },
        { name: 'lifeline --version', run: () => (node([bin, '--version']).status === 0 ? 0 : 1) },
        {
          name: `lifeline ps (${total} records)`,
          run: () => {
            const r = node([bin, 'ps']);
            return r.status === 0 && r.stdout.split('\n').length >= total + 1 ? 0 : 1;
          },
        },
        {
          name: `lifeline ps --json (${total} records)`,
          run: () => {
            const r = node([bin, 'ps', '--json']);
            if (r.status !== 0) return 1;
            const rows = JSON.parse(r.stdout) as Array<{ state: string }>;
            const running = rows.filter((row) => row.state === 'running').length;
            return rows.length === total && running === liveCount ? 0 : 1;
          },
        },
      ],
      { rounds: quick ? 1 : 30, warmup: quick ? 0 : 3 },
    );
    return printTable(
      `lifeline ps cold start, ${total} tracked records (${liveCount} live) — goal ≤ 1.4× node -e 0`,
      stats,
      'Whole processes via spawnSync, interleaved. A plain ps skips commander and loads as one bundled file; it loads neither core, zod nor pino-pretty.',
    );
  } finally {
    await manager.shutdown({ graceMs: 0 });
    await reapOwner(owner);
    await rm(home, { recursive: true, force: true });
  }
};

export default suite;
