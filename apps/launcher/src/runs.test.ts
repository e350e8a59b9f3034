import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CoreError } from '@lifeline/core';
import { makeStateDir, type StateDir } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManagerPort } from './manager-port';
import { RunTracker } from './runs';

let tmp: StateDir;
beforeEach(async () => {
  tmp = await makeStateDir('lifeline-runs-');
});
afterEach(() => tmp.cleanup());

/** A manager whose spawnScript refuses at once (as core does for a script that vanished): nothing is spawned. */
const refusing = {
  graceMs: 3000,
  spawnScript: () => {
    throw new CoreError('ERR_SCRIPT_NOT_FOUND', 'script not found: /gone.mjs');
  },
} as unknown as ManagerPort;

describe('RunTracker', () => {
  it('a script that cannot be spawned fails with the reason and leaves no output file behind', async () => {
    const logs = join(tmp.dir, 'logs');
    const tracker = new RunTracker(refusing, { logsDir: logs, runtime: 'node', runtimeProblem: null });
    const run = tracker.start({ name: 'gone', path: '/gone.mjs', description: '', needsBun: false });
    expect(run.state).toBe('failed');
    expect(run.message).toBe('gone could not start: script not found: /gone.mjs');
    expect(run.logFile).toBe('');
    expect(await readdir(join(logs, 'runs'))).toEqual([]);
  });
});
