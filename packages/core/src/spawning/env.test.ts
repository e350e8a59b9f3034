import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { childEnv } from './env';

/** The environment a child really gets, as `env` prints it. */
function seen(env: NodeJS.ProcessEnv): Map<string, string> {
  const out = spawnSync('/usr/bin/env', [], { env }).stdout.toString();
  return new Map(
    out.split('\n').flatMap((line) => (line.includes('=') ? [line.split(/=(.*)/s, 2) as [string, string]] : [])),
  );
}

describe('childEnv (what node:child_process hands the child)', () => {
  it('inherits process.env, applies overrides, unsets undefined ones and always sets the owner tag', () => {
    process.env.LIFELINE_CORE_TEST_DROP = 'x';
    process.env.LIFELINE_CORE_TEST_KEEP = 'inherited';
    try {
      const env = seen(
        childEnv({ KEEP: 'k', LIFELINE_CORE_TEST_DROP: undefined, LIFELINE_OWNER: 'forged' }, 'll-real', false),
      );
      expect(env.get('LIFELINE_OWNER')).toBe('ll-real');
      expect(env.get('KEEP')).toBe('k');
      expect(env.get('LIFELINE_CORE_TEST_KEEP')).toBe('inherited');
      expect(env.has('LIFELINE_CORE_TEST_DROP')).toBe(false);
      expect(env.get('PATH')).toBe(process.env.PATH);
    } finally {
      delete process.env.LIFELINE_CORE_TEST_DROP;
      delete process.env.LIFELINE_CORE_TEST_KEEP;
    }
  });

  it('sets LIFELINE_PARENT_FD=3 only with watchParent, never passing on an inherited one', () => {
    process.env.LIFELINE_PARENT_FD = '3';
    try {
      expect(seen(childEnv(undefined, 'll-a', false)).has('LIFELINE_PARENT_FD')).toBe(false);
      expect(seen(childEnv(undefined, 'll-a', true)).get('LIFELINE_PARENT_FD')).toBe('3');
    } finally {
      delete process.env.LIFELINE_PARENT_FD;
    }
  });
});
