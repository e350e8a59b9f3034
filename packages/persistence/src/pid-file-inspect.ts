import type { FsLayer } from './fs-layer';
import { checkPidFileText } from './pid-file-format';
import { quarantine } from './quarantine';
import { readCapped } from './read-capped';
import type { CorruptionReport, PidFileContent } from './types';

/** A PID file holds a pid and one line of JSON; anything near this size is not one we wrote. */
export const PID_FILE_CAP = 64 * 1024;

export type PidFileState =
  | { kind: 'missing' }
  | { kind: 'valid'; holder: PidFileContent }
  | { kind: 'corrupt'; reason: string; code: 'ERR_CORRUPT_STATE' | 'ERR_TOO_LARGE' };

/**
 * Reads the PID file and tells a missing file, a valid one and a regular file with bad content
 * apart. A symlink, directory or FIFO at the path throws (ERR_STATE_SYMLINK / ERR_CORRUPT_STATE):
 * that is not a file we could have written, so it is not ours to move aside either.
 */
export async function inspectPidFile(fs: FsLayer, path: string): Promise<PidFileState> {
  const result = await readCapped(fs, path, PID_FILE_CAP);
  if (result.kind === 'missing') return { kind: 'missing' };
  if (result.kind === 'too-large') {
    return {
      kind: 'corrupt',
      reason: `file is ${result.size} bytes, over the ${PID_FILE_CAP}-byte limit`,
      code: 'ERR_TOO_LARGE',
    };
  }
  const parsed = await checkPidFileText(result.bytes.toString('utf8'));
  if ('content' in parsed) return { kind: 'valid', holder: parsed.content };
  return { kind: 'corrupt', reason: parsed.reason, code: 'ERR_CORRUPT_STATE' };
}

/**
 * Before replacing an unparsable PID file: move it to `<name>.corrupt-<timestamp>` (never
 * deleted: it is the evidence of whatever wrote it) and tell the caller. Returns the report,
 * or undefined when the file was missing or valid.
 */
export async function quarantineIfCorrupt(
  fs: FsLayer,
  path: string,
  state: PidFileState,
  onCorruption?: (report: CorruptionReport) => void,
): Promise<CorruptionReport | undefined> {
  if (state.kind !== 'corrupt') return undefined;
  const quarantinedTo = await quarantine(fs, path);
  const report: CorruptionReport = {
    path,
    quarantinedTo,
    reason: state.reason,
    salvaged: 0,
    dropped: 1,
    code: state.code,
  };
  onCorruption?.(report);
  return report;
}
