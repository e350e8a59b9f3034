import { makeStateDir } from '@lifeline/test-utils';
import { describe, expect, it } from 'vitest';
import { defaultProbe, resolveRuntime } from './runtime';

const none = { onPath: () => null, bundledBun: () => null };

describe('resolveRuntime', () => {
  it('falls back to node when bun is nowhere, and says so', () => {
    const r = resolveRuntime('auto', { env: { PATH: '/usr/bin' }, linkDir: '/unused', probe: none });
    expect(r).toMatchObject({ runtime: 'node', problem: null });
    expect(r.note).toMatch(/node .*bun not found/);
  });

  it('--runtime bun with no bun is not fatal: a clear problem for every script', () => {
    const r = resolveRuntime('bun', { env: {}, linkDir: '/unused', probe: none });
    expect(r.problem).toMatch(/bun was not found.*use --runtime node/);
  });

  it('exposes the bun installed with the app under the name bun, first on PATH', async () => {
    const bundled = defaultProbe.bundledBun();
    expect(bundled).toMatch(/bun\.exe$/); // the app depends on the npm package `bun`
    const dir = await makeStateDir('launcher-runtime-');
    try {
      const r = resolveRuntime('auto', {
        env: { PATH: '/usr/bin' },
        linkDir: dir.dir,
        probe: { onPath: () => null, bundledBun: () => bundled },
      });
      expect(r.runtime).toBe('bun');
      expect(r.env.PATH?.split(':')[0]).toBe(dir.dir);
      expect(defaultProbe.onPath('bun', r.env)).toBe(`${dir.dir}/bun`);
    } finally {
      await dir.cleanup();
    }
  });

  it('--runtime node never looks for bun', () => {
    const r = resolveRuntime('node', {
      env: {},
      linkDir: '/unused',
      probe: { onPath: () => '/x/bun', bundledBun: () => null },
    });
    expect(r.runtime).toBe('node');
  });
});
