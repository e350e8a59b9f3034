import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import envPaths from 'env-paths';
import { describe, PersistenceError } from '../errors';
import type { LayoutPreset, StateLayout } from '../types';

// Also the `@lifeline/persistence/layout` entry: paths without loading the rest (or zod).
export type { LayoutPreset, StateLayout };

/** Every preset name, for option parsers (the CLI's and the launcher's `--layout`). */
export const LAYOUT_PRESETS: readonly LayoutPreset[] = ['lifeline', 'scriptkit', 'scriptkit-sk', 'scriptkit-kenv'];

export interface ResolveLayoutOptions {
  /** Wins over everything else. Must be absolute. */
  stateDir?: string;
  /** 'lifeline' (default) or one of Script Kit's install layouts (see LayoutPreset). */
  preset?: LayoutPreset;
  /** Where LIFELINE_HOME (and HOME, for the Script Kit layouts) are read. Default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** Lifeline's own lifecycle log; under a Script Kit layout it sits beside Script Kit's log, never in it. */
const LIFELINE_LOG = 'lifeline.jsonl';

/**
 * Script Kit's process files keep the same names in every version; only their directory moved
 * (script-kit-next's process_manager history): ~/.kenv, then ~/.sk/kit, then ~/.scriptkit.
 */
const SCRIPT_KIT_DIRS: Record<Exclude<LayoutPreset, 'lifeline'>, string[]> = {
  scriptkit: ['.scriptkit'],
  'scriptkit-sk': ['.sk', 'kit'],
  'scriptkit-kenv': ['.kenv'],
};

function isPreset(value: unknown): value is LayoutPreset {
  return typeof value === 'string' && (LAYOUT_PRESETS as readonly string[]).includes(value);
}

/**
 * Script Kit's `dirs::home_dir()`: $HOME when set and non-empty, else the password database;
 * with neither it uses the temp directory (ProcessManager::new). SK_PATH is deliberately not
 * read: it moves Script Kit's kit root, but its process manager hard-codes home_dir() for the
 * PID file, the registry and the logs.
 */
function scriptKitHome(env: NodeJS.ProcessEnv): string {
  if (env.HOME) return env.HOME;
  try {
    const home = homedir();
    if (home) return home;
  } catch {
    // no password entry either
  }
  return tmpdir();
}

function defaultDir(preset: LayoutPreset, env: NodeJS.ProcessEnv): string {
  if (preset !== 'lifeline') return join(scriptKitHome(env), ...SCRIPT_KIT_DIRS[preset]);
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
  if (!isPreset(preset)) {
    throw new PersistenceError(
      'ERR_INVALID_OPTION',
      `preset must be one of ${LAYOUT_PRESETS.map((p) => `'${p}'`).join(', ')}, got ${describe(preset)}`,
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
  const logsDir = join(stateDir, 'logs');
  const common = {
    preset,
    stateDir,
    logsDir,
    logFile: join(logsDir, LIFELINE_LOG),
    ownersDir: join(stateDir, 'owners'),
  };
  if (preset === 'lifeline') {
    return {
      ...common,
      registryFile: join(stateDir, 'active-pids.json'),
      pidFile: join(stateDir, 'lifeline.pid'),
      pidIdentityFile: null,
      hostLogFile: null,
    };
  }
  return {
    ...common,
    registryFile: join(stateDir, 'active-bun-pids.json'),
    pidFile: join(stateDir, 'script-kit.pid'),
    // Script Kit reads script-kit.pid as `trim().parse::<u32>()`: the identity cannot share it.
    pidIdentityFile: join(stateDir, 'script-kit.pid.lifeline.json'),
    hostLogFile: join(logsDir, 'script-kit-gpui.jsonl'),
  };
}
