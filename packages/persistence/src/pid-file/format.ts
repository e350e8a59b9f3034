/**
 * What a PID file holds and how it is read. Lifeline's own format: line 1 the bare pid (so
 * `kill $(cat lifeline.pid)` works), line 2 the identity as JSON (start time, boot id, owner),
 * which tells a live holder from a process that merely got the same pid after a reboot.
 * Script Kit's reader (`contents.trim().parse::<u32>()`) cannot read that second line, so for
 * its `script-kit.pid` the file holds the bare pid alone and the identity goes to a sidecar
 * (identity-file.ts). Both formats are read here: a bare pid is Script Kit's own file.
 */
import { PersistenceError } from '../errors';
import { quarantine } from '../files/quarantine';
import { readCapped } from '../files/read-capped';
import { decodeUtf8 } from '../files/utf8';
import type { FsLayer } from '../fs-layer';
import type { CorruptionReport, PidFileContent } from '../types';
import { check } from '../validate/check';
import { isPid, MAX_PID } from '../validate/fast';

/** A PID file holds a pid and one line of JSON; anything near this size is not one we wrote. */
export const PID_FILE_CAP = 64 * 1024;

/** Lifeline's format, or (`bare`) Script Kit's: `write!(file, "{}", pid)`, digits and no newline. */
export function formatPidFile(content: PidFileContent, bare = false): string {
  return bare ? String(content.pid) : `${content.pid}\n${JSON.stringify(content)}\n`;
}

/** Content handed to write()/acquire(), checked by the one validator; ERR_INVALID_OPTION if bad. */
export async function checkPidFileContent(content: unknown): Promise<PidFileContent> {
  const checked = await check('pidFile', content);
  if (!checked.ok) throw new PersistenceError('ERR_INVALID_OPTION', `invalid PID file content: ${checked.reason}`);
  return checked.value;
}

/** The content of a PID file's text, or what is wrong with it in words ("line 1 must be a pid, got …"). */
async function parsePidFileText(text: string): Promise<{ content: PidFileContent } | { reason: string }> {
  // Script Kit's own file, read as its reader does (`trim()` first), blank lines around it too.
  const whole = text.trim();
  const [first = '', second = ''] = /^\d+$/.test(whole) ? [whole] : text.split('\n');
  const pidText = first.trim();
  if (!/^\d{1,10}$/.test(pidText))
    return { reason: `line 1 must be a pid, got ${JSON.stringify(pidText.slice(0, 40))}` };
  const pid = Number(pidText);
  if (!isPid(pid)) {
    return { reason: `line 1: ${pid > MAX_PID ? `must be at most ${MAX_PID}` : 'must be an integer > 1'}, got ${pid}` };
  }
  // A legacy file (Script Kit) has the pid only.
  if (second.trim() === '') return { content: { pid } };
  let identity: unknown;
  try {
    identity = JSON.parse(second);
  } catch (error) {
    return { reason: `line 2 is not valid JSON: ${(error as Error).message}` };
  }
  const checked = await check('pidFile', identity);
  if (!checked.ok) return { reason: `line 2: ${checked.reason}` };
  if (checked.value.pid !== pid) return { reason: `line 2 names pid ${checked.value.pid}, line 1 pid ${pid}` };
  return { content: checked.value };
}

export type PidFileState =
  | { kind: 'missing' }
  | { kind: 'valid'; holder: PidFileContent }
  | { kind: 'corrupt'; reason: string; code: 'ERR_CORRUPT_STATE' | 'ERR_TOO_LARGE' };

/**
 * Reads the PID file and tells a missing file, a valid one and a regular file with bad content
 * apart. A symlink, directory or FIFO at the path throws (ERR_STATE_SYMLINK / ERR_CORRUPT_STATE):
 * that is not a file we could have written, so it is not ours to move aside either.
 */
export async function inspectPidFile(path: string): Promise<PidFileState> {
  const result = readCapped(path, PID_FILE_CAP);
  if (result.kind === 'missing') return { kind: 'missing' };
  if (result.kind === 'too-large') {
    return {
      kind: 'corrupt',
      reason: `file is ${result.size} bytes, over the ${PID_FILE_CAP}-byte limit`,
      code: 'ERR_TOO_LARGE',
    };
  }
  let text: string;
  try {
    text = decodeUtf8(result.bytes);
  } catch (error) {
    return { kind: 'corrupt', reason: (error as Error).message, code: 'ERR_CORRUPT_STATE' };
  }
  const parsed = await parsePidFileText(text);
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
