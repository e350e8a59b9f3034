import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import envPaths from 'env-paths';
import { describe, PersistenceError } from '../errors';
import type { StateLayout } from '../types';

// Also the `@lifeline/persistence/layout` entry: paths without loading the rest (or zod).
export type { StateLayout };

export interface ResolveLayoutOptions {
  /** Wins over everything else. Must be absolute. */
  stateDir?: string;
  /** 'lifeline' (default) or 'scriptkit' (reproduces Script Kit's ~/.scriptkit layout). */
  preset?: 'lifeline' | 'scriptkit';
  /** Where LIFELINE_HOME (and HOME, for the scriptkit default) are read. Default process.env. */
  env?: NodeJS.ProcessEnv;
}

const PRESETS = {
  lifeline: { pidFile: 'lifeline.pid', registryFile: 'active-pids.json', logFile: 'lifeline.jsonl' },
  scriptkit: { pidFile: 'script-kit.pid', registryFile: 'active-bun-pids.json', logFile: 'script-kit-gpui.jsonl' },
} as const;

function defaultDir(preset: 'lifeline' | 'scriptkit', env: NodeJS.ProcessEnv): string {
  if (preset === 'scriptkit') return join(env.HOME || homedir(), '.scriptkit');
  // XDG_DATA_HOME/lifeline on Linux, ~/Library/Application Support/lifeline, %LOCALAPPDATA%\lifeline\Data.
  return envPaths('lifeline', { suffix: '' }).data;
}

/**
 * Where the state files live. A pure computation: nothing is created or read
 * (checkLayout / openLayout check it). stateDir: option > env.LIFELINE_HOME > platform default,
 * normalised (trailing slash, `.`, `..`).
 */
export function resolveLayout(options: ResolveLayoutOptions = {}): StateLayout {
  const { preset = 'lifeline', env = process.env } = options;
  if (preset !== 'lifeline' && preset !== 'scriptkit') {
    throw new PersistenceError(
      'ERR_INVALID_OPTION',
      `preset must be 'lifeline' or 'scriptkit', got ${describe(preset)}`,
    );
  }
  const chosen = options.stateDir ?? (env.LIFELINE_HOME || undefined);
  if (chosen !== undefined && (typeof chosen !== 'string' || !isAbsolute(chosen))) {
    const from = options.stateDir !== undefined ? 'stateDir' : 'LIFELINE_HOME';
    throw new PersistenceError('ERR_INVALID_OPTION', `${from} must be an absolute path, got ${describe(chosen)}`);
  }
  // Normalised once, here: `dir/`, `dir/.` and `a/../dir` all become `dir`, so no later lstat
  // follows a symlink through a trailing slash, and every check sees the path that is used.
  const stateDir = resolve(chosen ?? defaultDir(preset, env));
  const names = PRESETS[preset];
  const logsDir = join(stateDir, 'logs');
  return {
    preset,
    stateDir,
    registryFile: join(stateDir, names.registryFile),
    pidFile: join(stateDir, names.pidFile),
    logsDir,
    logFile: join(logsDir, names.logFile),
    ownersDir: join(stateDir, 'owners'),
  };
}
