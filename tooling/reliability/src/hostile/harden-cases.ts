import { spawnSync } from 'node:child_process';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type CaseCtx, type HostileCase, json, trueRecord } from './case';

/**
 * Issue 15's hostile inputs: state paths bent by a trailing slash or a dot, bad entries in
 * owners/, a log written through a symlink, and a cleanup that must not call refusals or an
 * unreadable owners/ "all clear". The sentinel (protected) is what a bent path would reach.
 */
const h = (name: string, extra: Partial<HostileCase>): HostileCase => ({ area: 'environment', name, ...extra });

/** The sentinel recorded under a dead owner in the real state dir, reachable through scratch/link. */
async function linkedState(c: CaseCtx): Promise<void> {
  await writeFile(c.registryFile, json([trueRecord(c.ids.sentinel, c.deadOwner)]));
  await symlink(c.stateDir, join(c.scratch, 'link'));
}

const nonZero = (_: unknown, r: { code: number | null }) =>
  r.code !== 0 ? null : `exited 0 (expected a failure: nothing may be called clean)`;

export const hardenCases: HostileCase[] = [
  h('--state-dir through a symlink with a trailing slash (link/)', {
    area: 'CLI arguments',
    stateDirFlag: false,
    setup: linkedState,
    args: (c) => ['--state-dir', `${join(c.scratch, 'link')}/`, 'cleanup'],
    check: nonZero,
  }),
  h('--state-dir through a symlink with a dot (link/.)', {
    area: 'CLI arguments',
    stateDirFlag: false,
    setup: linkedState,
    args: (c) => ['--state-dir', `${join(c.scratch, 'link')}/.`, 'kill', '--all'],
    check: nonZero,
  }),
  h('LIFELINE_HOME through a symlink with a dot (link/.)', {
    stateDirFlag: false,
    setup: linkedState,
    env: (c) => ({ LIFELINE_HOME: `${join(c.scratch, 'link')}/.` }),
    args: () => ['cleanup'],
    check: nonZero,
  }),
  h('LIFELINE_HOME through a symlink with a trailing slash, dry run (link/)', {
    stateDirFlag: false,
    setup: linkedState,
    env: (c) => ({ LIFELINE_HOME: `${join(c.scratch, 'link')}/` }),
    args: () => ['cleanup', '--dry-run'],
    check: nonZero,
  }),
  h('a FIFO named *.json in owners/ (cleanup reports it, uses the rest)', {
    setup: async (c) => {
      await mkdir(join(c.stateDir, 'owners'), { mode: 0o700 });
      spawnSync('mkfifo', [join(c.stateDir, 'owners', 'fifo.json')]);
    },
    args: () => ['cleanup'],
    check: (_c, r) => (/fifo\.json/.test(r.stderr) ? null : 'the FIFO in owners/ was not reported'),
  }),
  h('a FIFO named *.json in owners/ (status is unhealthy)', {
    setup: async (c) => {
      await mkdir(join(c.stateDir, 'owners'), { mode: 0o700 });
      spawnSync('mkfifo', [join(c.stateDir, 'owners', 'fifo.json')]);
    },
    args: () => ['status'],
    check: (_c, r) => (r.code === 3 ? null : `status exited ${r.code}, not 3 (unhealthy)`),
  }),
  h('owners/ is a regular file (cleanup fails, never "no owners")', {
    setup: async (c) => {
      await writeFile(c.registryFile, json([trueRecord(c.ids.sentinel, c.deadOwner)]));
      await writeFile(join(c.stateDir, 'owners'), 'not a directory');
    },
    args: () => ['cleanup'],
    check: nonZero,
  }),
  h('logs/ is a symlink to another directory (run)', {
    area: 'CLI arguments',
    setup: (c) => symlink(c.scratch, join(c.stateDir, 'logs')),
    args: () => ['run', '--', 'true'],
    check: async (c) => {
      const written = await readFile(join(c.scratch, 'lifeline.jsonl'), 'utf8').catch(() => '');
      return written === '' ? null : 'the log was written through the logs/ symlink';
    },
  }),
  h('logs/lifeline.jsonl is a symlink to a file outside (run)', {
    area: 'CLI arguments',
    setup: async (c) => {
      await mkdir(join(c.stateDir, 'logs'), { mode: 0o700 });
      await writeFile(join(c.scratch, 'target.jsonl'), '');
      await symlink(join(c.scratch, 'target.jsonl'), join(c.stateDir, 'logs', 'lifeline.jsonl'));
    },
    args: () => ['run', '--', 'true'],
    check: async (c) => {
      const written = await readFile(join(c.scratch, 'target.jsonl'), 'utf8');
      return written === '' ? null : 'the log was written through the symlinked log file';
    },
  }),
];
