import { closeSync, constants, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { preparePrivateDir } from '@lifeline/persistence';
import { CoreError } from '../errors';

/** Ours alone, as the rest of the state directory: a script's output may hold anything. */
const FILE_MODE = 0o600;
/** Per-process sequence: two runs of one name in the same millisecond still get two files. */
let nextSeq = 1;

/**
 * A new, empty file for one child's output in `<logsDir>/runs/`, named
 * `<name>-<YYYY-MM-DD_HH-MM-SS-mmm>-<seq>.log`; pass its path as `stdoutFile` (and `stderrFile`)
 * and the child's record says where its output is, which is how `lifeline logs NAME|PID`
 * finds it. `logsDir` (the manager's `layout.logsDir`, inside a state directory that passed
 * persistence's checks) and `runs/` are made by persistence's preparePrivateDir (0700, ours, not
 * symlinks); the file is created 0600 with O_EXCL | O_NOFOLLOW, so it is a new regular
 * file and never something planted there (a taken name moves on to the next sequence number).
 */
export function createOutputFile(logsDir: string, name: string, now = new Date()): string {
  if (typeof logsDir !== 'string' || logsDir === '')
    throw new CoreError('ERR_INVALID_ARGUMENT', 'createOutputFile: logsDir must be a non-empty string');
  if (typeof name !== 'string' || name === '')
    throw new CoreError('ERR_INVALID_ARGUMENT', 'createOutputFile: name must be a non-empty string');
  const runs = join(resolve(logsDir), 'runs');
  for (const dir of [resolve(logsDir), runs]) {
    try {
      preparePrivateDir(dir);
    } catch (error) {
      throw new CoreError('ERR_STATE_DIR', `${(error as Error).message}; no output file is created there`, {
        cause: error,
      });
    }
  }
  const stamp = now.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 23);
  // A file name, whatever the display name holds ('/', spaces, control characters).
  const safe = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);
  for (let tries = 0; ; tries++) {
    const path = join(runs, `${safe}-${stamp}-${nextSeq++}.log`);
    try {
      closeSync(openSync(path, flags, FILE_MODE));
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && tries < 1000) continue;
      throw new CoreError('ERR_STATE_DIR', `cannot create output file ${path}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
}
