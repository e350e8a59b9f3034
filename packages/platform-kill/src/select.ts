import type { Adapter } from './adapter';
import { describe, PlatformKillError } from './errors';
import { defaultRunner, defaultRunnerSync } from './runner';
import type { CreatePlatformOptions } from './types';
import { createDarwinAdapter } from './unix/darwin/adapter';
import { createLinuxAdapter } from './unix/linux/adapter';
import { createWindowsAdapter } from './windows/adapter';

export type PlatformName = 'linux' | 'darwin' | 'windows';

/** The host's adapter family: Linux reads /proc; other unixes speak BSD ps; win32 uses CIM and taskkill. */
export function hostPlatform(): PlatformName {
  if (process.platform === 'linux') return 'linux';
  if (process.platform === 'win32') return 'windows';
  return 'darwin';
}

/**
 * The ONE place an adapter is chosen. A foreign platform (tests of the darwin and windows
 * adapters on Linux) must bring its own runner, runnerSync and kill, so sample pids can never
 * reach a real process on this machine.
 */
export function selectAdapter(options: CreatePlatformOptions = {}): Adapter {
  const platform = options.platform ?? hostPlatform();
  if (platform !== 'linux' && platform !== 'darwin' && platform !== 'windows') {
    throw new PlatformKillError(
      'ERR_INVALID_OPTION',
      `platform must be "linux", "darwin" or "windows", got ${describe(platform)}`,
    );
  }
  const foreign = platform !== hostPlatform();
  if (foreign && (!options.runner || !options.runnerSync || !options.kill)) {
    throw new PlatformKillError(
      'ERR_INVALID_OPTION',
      `platform "${platform}" is not this machine's (${hostPlatform()}): pass runner, runnerSync and kill`,
    );
  }
  const kill = options.kill ?? ((pid: number, signal: NodeJS.Signals | 0) => void process.kill(pid, signal));
  const runner = options.runner ?? defaultRunner;
  const runnerSync = options.runnerSync ?? defaultRunnerSync;
  if (platform === 'linux') {
    if (foreign)
      throw new PlatformKillError('ERR_UNSUPPORTED_PLATFORM', 'the linux adapter reads /proc and runs on Linux only');
    return createLinuxAdapter(kill);
  }
  if (platform === 'darwin') return createDarwinAdapter({ runner, runnerSync, kill });
  return createWindowsAdapter({ runner, runnerSync, kill, env: options.env ?? process.env });
}
