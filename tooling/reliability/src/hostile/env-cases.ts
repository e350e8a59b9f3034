import { chmod, chown, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type HostileCase, json, trueRecord } from './case';

const e = (
  name: string,
  env: HostileCase['env'],
  args: HostileCase['args'],
  extra: Partial<HostileCase> = {},
): HostileCase => ({
  area: 'environment',
  name,
  env,
  args,
  stateDirFlag: false,
  ...extra,
});

export const envCases: HostileCase[] = [
  e(
    'LIFELINE_HOME is a regular file',
    (c) => ({ LIFELINE_HOME: join(c.scratch, 'a-file') }),
    () => ['cleanup'],
    {
      setup: (c) => writeFile(join(c.scratch, 'a-file'), 'not a dir'),
    },
  ),
  e(
    'LIFELINE_HOME is a symlink to a state dir',
    (c) => ({ LIFELINE_HOME: join(c.scratch, 'link') }),
    () => ['cleanup'],
    {
      setup: async (c) => {
        await writeFile(c.registryFile, json([trueRecord(c.ids.sentinel, c.deadOwner)]));
        await symlink(c.stateDir, join(c.scratch, 'link'));
      },
    },
  ),
  e(
    'LIFELINE_HOME is world-writable (0777)',
    (c) => ({ LIFELINE_HOME: join(c.scratch, 'open') }),
    () => ['cleanup'],
    {
      setup: async (c) => {
        await mkdir(join(c.scratch, 'open'));
        await chmod(join(c.scratch, 'open'), 0o777);
      },
    },
  ),
  e(
    'LIFELINE_HOME owned by another user (nobody)',
    (c) => ({ LIFELINE_HOME: join(c.scratch, 'theirs') }),
    () => ['cleanup'],
    {
      setup: async (c) => {
        await mkdir(join(c.scratch, 'theirs'), { mode: 0o700 });
        await chown(join(c.scratch, 'theirs'), 65534, 65534);
      },
    },
  ),
  e(
    'LIFELINE_HOME does not exist',
    (c) => ({ LIFELINE_HOME: join(c.scratch, 'missing') }),
    () => ['ps'],
  ),
  e(
    'LIFELINE_HOME is empty (falls back to the default under a temp HOME)',
    () => ({ LIFELINE_HOME: '' }),
    () => ['ps'],
  ),
  e(
    'LIFELINE_HOME is relative',
    () => ({ LIFELINE_HOME: 'relative/dir' }),
    () => ['status'],
  ),
  e(
    'LIFELINE_HOME contains a newline',
    (c) => ({ LIFELINE_HOME: `${c.scratch}/a\nb` }),
    () => ['status'],
  ),
  e(
    'LIFELINE_HOME of 5 000 characters',
    () => ({ LIFELINE_HOME: `/tmp/${'y'.repeat(5000)}` }),
    () => ['cleanup'],
  ),
  e(
    'LIFELINE_HOME=/proc/self',
    () => ({ LIFELINE_HOME: '/proc/self' }),
    () => ['status'],
  ),
  e(
    'COLUMNS=0 with records (ps)',
    (c) => ({ LIFELINE_HOME: c.stateDir, COLUMNS: '0' }),
    () => ['ps'],
    {
      setup: (c) => writeFile(c.registryFile, json([trueRecord(c.ids.sentinel, c.deadOwner, { start_time: '5' })])),
    },
  ),
  e(
    'COLUMNS=-5 and TERM=dumb with records (ps --tree)',
    (c) => ({ LIFELINE_HOME: c.stateDir, COLUMNS: '-5' }),
    () => ['ps', '--tree'],
    {
      setup: (c) => writeFile(c.registryFile, json([trueRecord(c.ids.sentinel, c.deadOwner, { start_time: '5' })])),
    },
  ),
  e(
    'LIFELINE_OWNER of the CLI is a dead owner with records (cleanup)',
    (c) => ({ LIFELINE_HOME: c.stateDir, LIFELINE_OWNER: c.deadOwner.id }),
    () => ['cleanup'],
    {
      setup: (c) => writeFile(c.registryFile, json([trueRecord(c.ids.sentinel, c.deadOwner, { start_time: '5' })])),
    },
  ),
];
