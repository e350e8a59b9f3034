import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
// The layout subpath: the file names without loading the rest of persistence.
import { resolveLayout, type StateLayout } from '@lifeline/persistence/layout';
import type { Context } from '../context.js';
import { CliError } from '../errors.js';

export interface ResolvedState {
  layout: StateLayout;
  /** False when the (default) state directory does not exist yet: nothing was ever tracked here. */
  exists: boolean;
  /** Where the directory came from, for messages. */
  source: '--state-dir' | 'LIFELINE_HOME' | 'default';
}

/**
 * Resolves the state layout from --state-dir / LIFELINE_HOME / the platform default and checks
 * the directory. An explicitly chosen directory that is missing or not a directory is a usage
 * error (exit 2) — unless the command creates it (`mayCreate`: `run`); a missing default
 * directory just means nothing is tracked yet.
 */
export async function resolveState(
  ctx: Context,
  options: { mustExist?: boolean; mayCreate?: boolean } = {},
): Promise<ResolvedState> {
  const env = ctx.io.env;
  const source = ctx.opts.stateDir !== undefined ? '--state-dir' : env.LIFELINE_HOME ? 'LIFELINE_HOME' : 'default';
  // Relative paths are taken from the current directory, as a user typing them expects.
  const stateDir = ctx.opts.stateDir !== undefined ? absolute(ctx.opts.stateDir) : undefined;
  const home = env.LIFELINE_HOME ? absolute(env.LIFELINE_HOME) : undefined;
  const layout = resolveLayout({ preset: ctx.opts.layout, stateDir: stateDir ?? home, env });
  const explicit = source !== 'default' || ctx.opts.layout !== 'lifeline';
  const from = source === 'default' ? `the ${ctx.opts.layout} default` : source;
  let exists = true;
  try {
    const info = await stat(layout.stateDir);
    if (!info.isDirectory()) {
      throw new CliError('ERR_STATE_DIR', `state directory ${layout.stateDir} (from ${from}) is not a directory`);
    }
  } catch (error) {
    if (CliError.isInstance(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      throw new CliError('ERR_STATE_DIR', `state directory ${layout.stateDir} cannot be read (${code})`, {
        cause: error,
      });
    }
    if ((explicit && !options.mayCreate) || options.mustExist) {
      throw new CliError('ERR_STATE_DIR', `state directory ${layout.stateDir} (from ${from}) does not exist`);
    }
    exists = false;
  }
  return { layout, exists, source };
}

function absolute(path: string): string {
  if (path === '') throw new CliError('ERR_STATE_DIR', 'the state directory path is empty');
  return isAbsolute(path) ? path : resolve(path);
}
