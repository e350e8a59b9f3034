import { dirname, isAbsolute, join } from 'node:path';
import { describe, fromFsError, PersistenceError } from '../errors';
import { createExclusive, syncDir, tempPrefix, writeFileDurable } from '../files/durable-write';
import { randomHex } from '../files/random';
import { removeFile } from '../files/remove';
import { defaultFs, type FsLayer } from '../fs-layer';
import { defaultVerifyHolder, sameHolder } from '../identity';
import { acquireLock } from '../lock/lock';
import { ensureStateDir } from '../paths/state-dir';
import { DEFAULT_REPAIR, refuseInReadOnly } from '../read-only';
import type { CorruptionReport, PidFile, PidFileContent, StateLayout, VerifyHolder } from '../types';
import { checkPidFileContent, formatPidFile, inspectPidFile, type PidFileState, quarantineIfCorrupt } from './format';
import { readIdentityFile, removeIdentityFile, writeIdentityFile } from './identity-file';

/** Create `path` only if it does not exist (see createExclusive); then fsync the directory. */
async function createPidFile(fs: FsLayer, path: string, text: string): Promise<boolean> {
  const temp = join(dirname(path), `${tempPrefix(path)}${process.pid}-${randomHex(4)}`);
  let created: boolean;
  try {
    created = await createExclusive(fs, path, text, temp, { sync: true });
  } catch (error) {
    throw fromFsError(error, 'creating', path);
  }
  if (created) {
    await syncDir(dirname(path), fs).catch((error) => {
      throw fromFsError(error, 'fsyncing the directory of', path);
    });
  }
  return created;
}

export interface OpenPidFileOptions {
  fs?: FsLayer;
  /** How long a lock on the PID file may go unrefreshed before it is taken over (acquire). */
  staleMs?: number;
  /**
   * Called when write() or acquire() found an unparsable PID file (garbage, torn, over 64 KiB)
   * and moved it aside to `<name>.corrupt-<timestamp>` before writing: nothing is overwritten
   * unseen. read() and isStale() never move anything.
   */
  onCorruption?: (report: CorruptionReport) => void;
  /** Read-only: read(), inspect() and isStale() only (they never change anything anyway); the rest refuse. */
  readOnly?: boolean;
  /**
   * For a PID file in another program's format (Script Kit's `script-kit.pid`): the file gets
   * the bare pid alone, exactly as that program writes it (no newline), and the identity goes
   * to this sidecar file. Default: none (Lifeline's two-line format).
   */
  identityFile?: string | null;
}

/** The layout's PID file, in the format its layout asks for (a sidecar identity under Script Kit's). */
export function openLayoutPidFile(
  layout: Pick<StateLayout, 'pidFile' | 'pidIdentityFile'>,
  options: Omit<OpenPidFileOptions, 'identityFile'> = {},
): PidFile {
  return openPidFile(layout.pidFile, { ...options, identityFile: layout.pidIdentityFile });
}

export function openPidFile(path: string, options: OpenPidFileOptions = {}): PidFile {
  const { fs = defaultFs, staleMs = 10_000, onCorruption, readOnly = false, identityFile = null } = options;
  if (typeof path !== 'string' || !isAbsolute(path)) {
    throw new PersistenceError('ERR_INVALID_OPTION', `path must be an absolute file path, got ${describe(path)}`);
  }
  if (
    identityFile !== null &&
    (typeof identityFile !== 'string' || !isAbsolute(identityFile) || identityFile === path)
  ) {
    throw new PersistenceError(
      'ERR_INVALID_OPTION',
      `identityFile must be an absolute file path other than the PID file, got ${describe(identityFile)}`,
    );
  }
  const bare = identityFile !== null;

  /** The file's state; a bare pid gets its identity from the sidecar when that describes it. */
  async function inspectState(): Promise<PidFileState> {
    const state = await inspectPidFile(path);
    if (identityFile === null || state.kind !== 'valid' || Object.keys(state.holder).length !== 1) return state;
    const full = await readIdentityFile(fs, path, identityFile, state.holder.pid);
    return full ? { kind: 'valid', holder: full } : state;
  }

  /** The PID file first, then the sidecar: a sidecar older than its PID file is never trusted. */
  async function writeBoth(text: string, content: PidFileContent): Promise<void> {
    await writeFileDurable(path, text, { mode: 0o600, fs });
    if (identityFile !== null) await writeIdentityFile(fs, identityFile, content);
  }

  async function read(): Promise<PidFileContent | null> {
    const state = await inspectState();
    if (state.kind === 'missing') return null;
    if (state.kind === 'valid') return state.holder;
    throw new PersistenceError(state.code, `PID file ${path} is corrupt: ${state.reason}`, { path });
  }

  /** The holder, null (no file) or 'corrupt' (unreadable: nobody can be proven to hold it). */
  async function readHolder(): Promise<PidFileContent | null | 'corrupt'> {
    try {
      return await read();
    } catch (error) {
      if (
        PersistenceError.isInstance(error) &&
        (error.code === 'ERR_CORRUPT_STATE' || error.code === 'ERR_TOO_LARGE')
      ) {
        return 'corrupt';
      }
      throw error;
    }
  }

  async function acquire(content: PidFileContent, verify: VerifyHolder = defaultVerifyHolder): Promise<void> {
    refuseInReadOnly(readOnly, 'acquire()', path);
    const checked = await checkPidFileContent(content);
    if (typeof verify !== 'function') {
      throw new PersistenceError('ERR_INVALID_OPTION', `verify must be a function, got ${describe(verify)}`);
    }
    const text = formatPidFile(checked, bare);
    await ensureStateDir(dirname(path), { fs });
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await createPidFile(fs, path, text)) {
        if (identityFile !== null) await writeIdentityFile(fs, identityFile, checked);
        return;
      }
      // A file exists. Deciding that its holder is stale and replacing it happens under the lock,
      // so two acquirers that both saw the same stale holder cannot both replace it.
      const held = await acquireLock(path, { staleMs, verifyHolder: verify, fs });
      try {
        const state = await inspectState();
        if (state.kind === 'missing') continue; // removed meanwhile: race for the exclusive create again
        if (state.kind === 'valid') {
          const holder = state.holder;
          // Our own earlier hold (a restart of acquire): platform-kill's identity rule decides.
          const ours = await sameHolder(holder, checked);
          if (!ours && (await verify(holder)) === 'alive') {
            throw new PersistenceError(
              'ERR_INSTANCE_RUNNING',
              `another instance is running: pid ${holder.pid} holds ${path}`,
              { path, holderPid: holder.pid },
            );
          }
        }
        await quarantineIfCorrupt(fs, path, state, onCorruption);
        await writeBoth(text, checked);
        return;
      } finally {
        await held.release();
      }
    }
    throw new PersistenceError('ERR_STATE_LOCKED', `could not acquire ${path}: it kept changing under us`, { path });
  }

  return {
    path,
    read,
    async inspect() {
      const state = await inspectState();
      if (state.kind === 'missing') return { holder: null };
      if (state.kind === 'valid') return { holder: state.holder };
      const corruption: CorruptionReport = {
        path,
        quarantinedTo: '',
        reason: state.reason,
        salvaged: 0,
        dropped: 1,
        code: state.code,
        repair: DEFAULT_REPAIR,
      };
      return { holder: null, corruption };
    },
    async write(content) {
      refuseInReadOnly(readOnly, 'write()', path);
      const checked = await checkPidFileContent(content);
      await ensureStateDir(dirname(path), { fs });
      // Replacing a valid file is the point of write(); replacing garbage unseen is not.
      await quarantineIfCorrupt(fs, path, await inspectPidFile(path), onCorruption);
      await writeBoth(formatPidFile(checked, bare), checked);
    },
    async remove(onlyIf) {
      refuseInReadOnly(readOnly, 'remove()', path);
      if (onlyIf) {
        const holder = await readHolder();
        if (holder === null || holder === 'corrupt' || holder.pid !== onlyIf.pid) return false;
        if (onlyIf.start_time !== undefined && (holder.start_time ?? null) !== onlyIf.start_time) return false;
      }
      const removed = await removeFile(fs, path);
      if (identityFile !== null) await removeIdentityFile(fs, identityFile);
      return removed;
    },
    async isStale(verify = defaultVerifyHolder) {
      const holder = await readHolder();
      if (holder === null) return false;
      if (holder === 'corrupt') return true;
      return (await verify(holder)) !== 'alive';
    },
    acquire,
  };
}
