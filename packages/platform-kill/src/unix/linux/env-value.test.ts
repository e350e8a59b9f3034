import { expectNoSurvivors, newOwnerId, startFixture } from '@lifeline/test-utils';
import { describe, expect, it } from 'vitest';
import { findByEnvValue } from '../../index';

describe.runIf(process.platform === 'linux')('findByEnvValue (linux)', () => {
  it('matches a variable exactly, or by prefix, and never another value', async () => {
    const owner = newOwnerId('pk-env');
    const a = await startFixture('sleeper', { owner, env: { PK_ENV_TEST: `${owner}:a:1` } });
    const b = await startFixture('sleeper', { owner, env: { PK_ENV_TEST: `${owner}:a:10` } });
    const decoy = await startFixture('sleeper', { owner, env: { PK_ENV_TEST: `x${owner}:a:1` } });
    try {
      const exact = await findByEnvValue('PK_ENV_TEST', [`${owner}:a:1`]);
      expect(exact.get(`${owner}:a:1`)).toEqual([a.pid]);
      const prefix = await findByEnvValue('PK_ENV_TEST', [`${owner}:a:`], { prefix: true });
      expect(prefix.get(`${owner}:a:`)?.sort()).toEqual([a.pid, b.pid].sort());
      expect([...prefix.values()].flat()).not.toContain(decoy.pid);
      expect((await findByEnvValue('PK_ENV_TEST', [`${owner}:b`])).size).toBe(0);
      await expect(findByEnvValue('PK_ENV_TEST', [''])).rejects.toMatchObject({ code: 'ERR_INVALID_OPTION' });
    } finally {
      for (const f of [a, b, decoy]) f.child.kill('SIGKILL');
      await expectNoSurvivors(owner);
    }
  }, 30_000);
});
