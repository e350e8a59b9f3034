import { CoreError, type ProcessManager } from '@lifeline/core';
import { newOwnerId } from '@lifeline/test-utils';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { track } from './track';

/** A manager whose adoption check always finds the process already exited (as on a busy machine). */
const exitedManager = {
  adopt: () => Promise.reject(new CoreError('ERR_NOT_RUNNING', 'cannot adopt pid 1234: it has exited (zombie)')),
} as unknown as ProcessManager;

describe('track', () => {
  it('a subprocess that exited before its adoption was checked keeps execa’s own result', async () => {
    const owner = newOwnerId();
    const subprocess = execa(process.execPath, ['-e', 'process.stdout.write("quick")'], {
      env: { ...process.env, LIFELINE_OWNER: owner },
    });
    track(subprocess, exitedManager, { signal: 'SIGTERM', graceMs: undefined }, 'quick');
    const result = await subprocess;
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('quick');
  });
});
