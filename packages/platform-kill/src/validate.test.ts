import { describe, expect, it } from 'vitest';
import { PlatformKillError } from './errors';
import { createPlatform } from './platform';

const platform = createPlatform({
  kill: () => {
    throw new Error('validation tests must never signal');
  },
});

const rejectsWith = async (promise: Promise<unknown>, code: string, message: RegExp) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(PlatformKillError.isInstance(error)).toBe(true);
  expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
};

describe('argument validation', () => {
  it('says what was expected for bad terminate options', async () => {
    const pid = 2 ** 22 + 12345; // never reached: validation fails first
    await rejectsWith(
      platform.terminate(pid, { graceMs: -1 }),
      'ERR_INVALID_OPTION',
      /^graceMs must be a non-negative integer, got -1$/,
    );
    await rejectsWith(
      platform.terminate(pid, { confirmMs: 1.5 }),
      'ERR_INVALID_OPTION',
      /confirmMs must be a non-negative integer, got 1.5/,
    );
    await rejectsWith(
      platform.terminate(pid, { pollMs: 0 }),
      'ERR_INVALID_OPTION',
      /pollMs must be a positive integer, got 0/,
    );
    await rejectsWith(
      platform.terminate(pid, { signal: 'SIGFOO' as NodeJS.Signals }),
      'ERR_INVALID_OPTION',
      /signal must be a signal name/,
    );
    await rejectsWith(
      platform.terminate(pid, 'fast' as never),
      'ERR_INVALID_OPTION',
      /options must be an object, got "fast"/,
    );
  });

  it('rejects malformed targets', async () => {
    await rejectsWith(
      platform.terminate({ pid: 5, pgid: 5 } as never),
      'ERR_INVALID_OPTION',
      /exactly one of pid or pgid/,
    );
    await rejectsWith(
      platform.terminate({ pid: 5, expect: { pid: 6 } }),
      'ERR_INVALID_OPTION',
      /target.expect.pid must equal target.pid 5, got 6/,
    );
    await rejectsWith(
      platform.terminate({ pid: 5, tree: 'yes' as never }),
      'ERR_INVALID_OPTION',
      /target.tree must be a boolean/,
    );
    await rejectsWith(platform.terminateAll('5' as never), 'ERR_INVALID_OPTION', /targets must be an array/);
    await rejectsWith(platform.liveness(5, { pid: 6 }), 'ERR_INVALID_OPTION', /expected.pid must equal pid 5/);
    await rejectsWith(
      platform.livenessMany([{ pid: -3 }]),
      'ERR_INVALID_PID',
      /expected\[0\].pid must be a positive integer, got -3/,
    );
    await rejectsWith(platform.findByOwnerTag(''), 'ERR_INVALID_OPTION', /ownerId must be a non-empty string/);
  });

  it('rejects an unknown platform', () => {
    expect(() => createPlatform({ platform: 'beos' as never })).toThrow(
      /platform must be "linux", "darwin" or "windows", got "beos"/,
    );
  });
});

describe('PlatformKillError', () => {
  it('carries a code and cause, and is recognised by its brand across copies', () => {
    const cause = new Error('root');
    const error = new PlatformKillError('ERR_COMMAND_FAILED', 'ps failed', { cause });
    expect(error).toMatchObject({ code: 'ERR_COMMAND_FAILED', cause, name: 'PlatformKillError' });
    expect(PlatformKillError.isInstance(error)).toBe(true);
    const copy = Object.assign(new Error('x'), {
      name: 'PlatformKillError',
      code: 'ERR_INVALID_PID',
      [Symbol.for('lifeline.error')]: true,
    });
    expect(PlatformKillError.isInstance(copy)).toBe(true);
    expect(PlatformKillError.isInstance(new Error('plain'))).toBe(false);
  });
});
