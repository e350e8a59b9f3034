import { describe, expect, it } from 'vitest';
import { parseLauncherArgs } from './args';

describe('parseLauncherArgs', () => {
  it('reads the interactive options, guardian on by default', () => {
    const args = parseLauncherArgs(['--scripts', 'my', '--state-dir', '/tmp/s', '--runtime', 'node'], {});
    expect(args).toMatchObject({
      mode: 'interactive',
      scriptsDir: 'my',
      stateDir: '/tmp/s',
      runtime: 'node',
      guardian: true,
    });
    expect(parseLauncherArgs(['--no-guardian'], {}).guardian).toBe(false);
    expect(parseLauncherArgs([], {}).containment).toBe(true);
    expect(parseLauncherArgs(['--no-containment'], {}).containment).toBe(false);
    expect(parseLauncherArgs([], {})).toMatchObject({ layout: 'lifeline', sdk: undefined });
    expect(parseLauncherArgs(['--layout', 'scriptkit-sk', '--sdk', '/k/sdk.js'], {})).toMatchObject({
      layout: 'scriptkit-sk',
      sdk: '/k/sdk.js',
    });
  });

  it('reads headless run with scripts, --json and the owner id (option or env)', () => {
    expect(
      parseLauncherArgs(['--headless', 'run', 'a', 'b', '--json'], { LIFELINE_OWNER_ID: 'owner-12345' }),
    ).toMatchObject({
      mode: 'headless',
      scripts: ['a', 'b'],
      json: true,
      ownerId: 'owner-12345',
    });
  });

  it('says what was expected for bad input', () => {
    expect(() => parseLauncherArgs(['--runtime', 'deno'], {})).toThrow(
      '--runtime must be bun, node or auto, got "deno"',
    );
    expect(() => parseLauncherArgs(['--layout', 'kenv'], {})).toThrow(
      '--layout must be lifeline, scriptkit, scriptkit-sk, scriptkit-kenv, got "kenv"',
    );
    expect(() => parseLauncherArgs(['--headless'], {})).toThrow('headless mode expects `run <script…>`');
    expect(() => parseLauncherArgs(['--grace-ms=-1'], {})).toThrow('--grace-ms must be a non-negative integer, got -1');
    expect(() => parseLauncherArgs(['--owner-id', 'a b'], {})).toThrow(/--owner-id must be/);
    expect(() => parseLauncherArgs(['--json'], {})).toThrow('--json only applies to --headless');
    expect(() => parseLauncherArgs(['--bogus'], {})).toThrow(/bogus/);
  });
});
