const BRAND = Symbol.for('lifeline.error');

export type PersistenceErrorCode =
  | 'ERR_CORRUPT_STATE'
  | 'ERR_INVALID_RECORD'
  | 'ERR_STATE_SYMLINK'
  | 'ERR_STATE_NOT_DIR'
  | 'ERR_STATE_PERMISSIONS'
  | 'ERR_STATE_LOCKED'
  | 'ERR_LOCK_COMPROMISED'
  | 'ERR_NO_SPACE'
  | 'ERR_WRITE_FAILED'
  | 'ERR_TOO_LARGE'
  | 'ERR_INSTANCE_RUNNING'
  | 'ERR_INVALID_OPTION';

/** The one error class of @lifeline/persistence. Check with `PersistenceError.isInstance(e)`, which works across duplicate installs. */
export class PersistenceError extends Error {
  readonly code: PersistenceErrorCode;
  readonly [BRAND] = true;
  /** The file or directory concerned, when there is one. */
  readonly path: string | undefined;
  /** ERR_INSTANCE_RUNNING: the live holder of the PID file. */
  readonly holderPid: number | undefined;

  constructor(
    code: PersistenceErrorCode,
    message: string,
    options?: { cause?: unknown; path?: string; holderPid?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PersistenceError';
    this.code = code;
    this.path = options?.path;
    this.holderPid = options?.holderPid;
  }

  static isInstance(error: unknown): error is PersistenceError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[BRAND] === true &&
      typeof (error as { code?: unknown }).code === 'string' &&
      (error as { name?: unknown }).name === 'PersistenceError'
    );
  }
}

/** The errno code of a Node fs error, or undefined. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Turns a Node fs error into a PersistenceError with a message that says what we were doing.
 * A PersistenceError passes through unchanged.
 */
export function fromFsError(error: unknown, action: string, path: string): PersistenceError {
  if (PersistenceError.isInstance(error)) return error;
  const errno = errnoCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  const message = `${action} ${path} failed: ${detail}`;
  switch (errno) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new PersistenceError('ERR_NO_SPACE', `${message} (no space left on the device)`, { cause: error, path });
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new PersistenceError('ERR_STATE_PERMISSIONS', `${message} (not writable by this user)`, {
        cause: error,
        path,
      });
    case 'ELOOP':
      return new PersistenceError('ERR_STATE_SYMLINK', `${path} is a symlink; state files must be regular files`, {
        cause: error,
        path,
      });
    case 'ENOTDIR':
      return new PersistenceError('ERR_STATE_NOT_DIR', `${message} (a path component is not a directory)`, {
        cause: error,
        path,
      });
    default:
      return new PersistenceError('ERR_WRITE_FAILED', message, { cause: error, path });
  }
}

/** Describes a value for an error message: `-1`, `"12"`, `NaN`, `undefined`. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) return String(value);
  try {
    const text = JSON.stringify(value) ?? typeof value;
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  } catch {
    return typeof value;
  }
}
