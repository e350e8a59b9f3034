import type { Stats } from 'node:fs';
import { resolve } from 'node:path';
import { errnoCode, fromFsError, PersistenceError } from '../errors';
import { defaultFs, type FsLayer } from '../fs-layer';
import type { StateLayout } from '../types';
import { type ResolveLayoutOptions, resolveLayout } from './layout';
import { checkStateDir, ensureStateDir } from './state-dir';

async function lstatOrNull(fs: FsLayer, path: string): Promise<Stats | null> {
  try {
    return await fs.lstat(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw fromFsError(error, 'checking', path);
  }
}

/** A state file or folder inside the state directory: never a symlink, and of the right kind. */
function checkEntry(path: string, stat: Stats, kind: 'file' | 'dir'): void {
  if (stat.isSymbolicLink()) {
    throw new PersistenceError('ERR_STATE_SYMLINK', `${path} is a symlink; state files must not be`, { path });
  }
  if (kind === 'dir' && !stat.isDirectory()) {
    throw new PersistenceError('ERR_STATE_NOT_DIR', `${path} exists but is not a directory`, { path });
  }
  if (kind === 'file' && !stat.isFile()) {
    throw new PersistenceError('ERR_CORRUPT_STATE', `${path} exists but is not a regular file`, { path });
  }
}

export interface CheckLayoutOptions {
  fs?: FsLayer;
}

/**
 * Checks a layout without creating or changing anything (read-only commands use it as it is):
 * the state directory as checkStateDir says, and no state file, `logs/`, the log file or
 * `owners/` a symlink or of the wrong kind. Paths that do not exist yet pass (nothing to read
 * there). Returns whether the state directory exists. Throws a PersistenceError otherwise.
 */
export async function checkLayout(layout: StateLayout, options: CheckLayoutOptions = {}): Promise<{ exists: boolean }> {
  const fs = options.fs ?? defaultFs;
  const dir = layout.stateDir;
  if (resolve(dir) !== dir) {
    throw new PersistenceError('ERR_INVALID_OPTION', `state directory must be a normalised absolute path, got ${dir}`);
  }
  const stat = await lstatOrNull(fs, dir);
  if (stat === null) return { exists: false };
  const entries: Array<[string, 'file' | 'dir']> = [
    [layout.registryFile, 'file'],
    [layout.pidFile, 'file'],
    ...(layout.pidIdentityFile ? [[layout.pidIdentityFile, 'file'] as [string, 'file']] : []),
    [layout.logsDir, 'dir'],
    [layout.logFile, 'file'],
    [layout.ownersDir, 'dir'],
  ];
  // The lstats only look (nothing is opened or read): all at once, beside the directory's own
  // check, then judged in order, so the first problem reported is the same as one by one.
  const [, found] = await Promise.all([
    checkStateDir(dir, stat, fs),
    Promise.allSettled(entries.map(([path]) => lstatOrNull(fs, path))),
  ]);
  entries.forEach(([path, kind], i) => {
    const entry = found[i]!;
    if (entry.status === 'rejected') throw entry.reason;
    if (entry.value) checkEntry(path, entry.value, kind);
  });
  return { exists: true };
}

export interface OpenLayoutOptions extends ResolveLayoutOptions, CheckLayoutOptions {
  /** Create the state directory (0700) when missing. Default false: read-only use changes nothing. */
  create?: boolean;
}

/**
 * The one way to get a layout that is safe to act on: resolved once (normalised), then checked
 * (checkLayout), and with `create` the state directory made first. Call it before anything is
 * read from the state directory, and so before anything can be signalled.
 */
export async function openLayout(options: OpenLayoutOptions = {}): Promise<StateLayout & { exists: boolean }> {
  const layout = resolveLayout(options);
  if (options.create) await ensureStateDir(layout.stateDir, { fs: options.fs ?? defaultFs });
  const { exists } = await checkLayout(layout, { fs: options.fs ?? defaultFs });
  return { ...layout, exists };
}
