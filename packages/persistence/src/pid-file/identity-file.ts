/**
 * Lifeline's identity of a PID file's holder, kept beside a PID file whose format is not ours
 * (Script Kit's `script-kit.pid`: the bare pid, nothing else). The sidecar is trusted only while
 * it describes the file beside it: it names the same pid and is not older than the PID file
 * (we write the PID file first, the sidecar second). When Script Kit rewrites its PID file, or
 * removes it, the sidecar no longer describes anything and is ignored, never acted on.
 */
import { errnoCode } from '../errors';
import { writeFileDurable } from '../files/durable-write';
import { readCapped } from '../files/read-capped';
import { removeFile } from '../files/remove';
import { decodeUtf8 } from '../files/utf8';
import type { FsLayer } from '../fs-layer';
import type { PidFileContent } from '../types';
import { check } from '../validate/check';
import { PID_FILE_CAP } from './format';

async function mtimeNs(fs: FsLayer, path: string): Promise<bigint | null> {
  try {
    return (await fs.lstat(path, { bigint: true })).mtimeNs;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  }
}

/** The full identity of the bare `pid` in `pidPath`, or null when the sidecar does not describe it. */
export async function readIdentityFile(
  fs: FsLayer,
  pidPath: string,
  identityPath: string,
  pid: number,
): Promise<PidFileContent | null> {
  let content: PidFileContent;
  try {
    const result = readCapped(identityPath, PID_FILE_CAP);
    if (result.kind !== 'ok') return null;
    const checked = await check('pidFile', JSON.parse(decodeUtf8(result.bytes)));
    if (!checked.ok || checked.value.pid !== pid) return null;
    content = checked.value;
  } catch {
    // A sidecar that cannot be read only costs the identity: the bare pid still stands.
    return null;
  }
  const [pidTime, identityTime] = await Promise.all([mtimeNs(fs, pidPath), mtimeNs(fs, identityPath)]);
  if (pidTime === null || identityTime === null || identityTime < pidTime) return null;
  return content;
}

/** Durable and atomic, 0600, pretty JSON: it is only ever read by us and by people. */
export async function writeIdentityFile(fs: FsLayer, identityPath: string, content: PidFileContent): Promise<void> {
  await writeFileDurable(identityPath, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, fs });
}

export async function removeIdentityFile(fs: FsLayer, identityPath: string): Promise<void> {
  await removeFile(fs, identityPath).catch(() => false);
}
