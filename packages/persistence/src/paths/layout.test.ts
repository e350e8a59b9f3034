import { join } from 'node:path';
import envPaths from 'env-paths';
import { describe, expect, it } from 'vitest';
import { resolveLayout } from './layout';

describe('resolveLayout', () => {
  it('lifeline preset names', () => {
    expect(resolveLayout({ stateDir: '/tmp/x' })).toEqual({
      preset: 'lifeline',
      stateDir: '/tmp/x',
      registryFile: '/tmp/x/active-pids.json',
      pidFile: '/tmp/x/lifeline.pid',
      pidIdentityFile: null,
      logsDir: '/tmp/x/logs',
      logFile: '/tmp/x/logs/lifeline.jsonl',
      hostLogFile: null,
      ownersDir: '/tmp/x/owners',
    });
  });

  it("scriptkit preset reproduces Script Kit's layout under ~/.scriptkit", () => {
    const layout = resolveLayout({ preset: 'scriptkit', env: { HOME: '/home/someone' } });
    expect(layout.stateDir).toBe('/home/someone/.scriptkit');
    expect(layout.pidFile).toBe('/home/someone/.scriptkit/script-kit.pid');
    expect(layout.registryFile).toBe('/home/someone/.scriptkit/active-bun-pids.json');
    expect(layout.pidIdentityFile).toBe('/home/someone/.scriptkit/script-kit.pid.lifeline.json');
    // Lifeline's own log beside Script Kit's, never in it.
    expect(layout.logFile).toBe('/home/someone/.scriptkit/logs/lifeline.jsonl');
    expect(layout.hostLogFile).toBe('/home/someone/.scriptkit/logs/script-kit-gpui.jsonl');
  });

  it('older Script Kit installs: ~/.sk/kit and ~/.kenv, with the same file names', () => {
    const sk = resolveLayout({ preset: 'scriptkit-sk', env: { HOME: '/h' } });
    expect(sk.pidFile).toBe('/h/.sk/kit/script-kit.pid');
    expect(sk.registryFile).toBe('/h/.sk/kit/active-bun-pids.json');
    expect(sk.hostLogFile).toBe('/h/.sk/kit/logs/script-kit-gpui.jsonl');
    const kenv = resolveLayout({ preset: 'scriptkit-kenv', env: { HOME: '/h' } });
    expect(kenv.pidFile).toBe('/h/.kenv/script-kit.pid');
    expect(kenv.registryFile).toBe('/h/.kenv/active-bun-pids.json');
  });

  it("SK_PATH does not move the process files (Script Kit's process manager ignores it too)", () => {
    const layout = resolveLayout({ preset: 'scriptkit', env: { HOME: '/h', SK_PATH: '/elsewhere/kit' } });
    expect(layout.stateDir).toBe('/h/.scriptkit');
  });

  it('option > LIFELINE_HOME > platform default', () => {
    const env = { LIFELINE_HOME: '/tmp/from-env' };
    expect(resolveLayout({ stateDir: '/tmp/opt', env }).stateDir).toBe('/tmp/opt');
    expect(resolveLayout({ env }).stateDir).toBe('/tmp/from-env');
    expect(resolveLayout({ env, preset: 'scriptkit' }).registryFile).toBe(
      join('/tmp/from-env', 'active-bun-pids.json'),
    );
    expect(resolveLayout({ env: {} }).stateDir).toBe(envPaths('lifeline', { suffix: '' }).data);
  });

  it('refuses relative paths and unknown presets', () => {
    expect(() => resolveLayout({ stateDir: 'rel' })).toThrow(/stateDir must be an absolute path, got "rel"/);
    expect(() => resolveLayout({ env: { LIFELINE_HOME: 'rel' } })).toThrow(/LIFELINE_HOME must be an absolute path/);
    // @ts-expect-error invalid on purpose
    expect(() => resolveLayout({ preset: 'other' })).toThrow(
      /preset must be one of 'lifeline', 'scriptkit', 'scriptkit-sk', 'scriptkit-kenv', got "other"/,
    );
  });
});
