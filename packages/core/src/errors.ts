const BRAND = Symbol.for('lifeline.error');

export type CoreErrorCode =
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_SPAWN_FAILED'
  | 'ERR_SCRIPT_NOT_FOUND'
  | 'ERR_RUNTIME_NOT_FOUND'
  | 'ERR_NOT_TRACKED'
  | 'ERR_STATE_DIR'
  | 'ERR_INSTANCE_RUNNING'
  | 'ERR_SHUTTING_DOWN'
  | 'ERR_PROTECTED_PID'
  | 'ERR_NOT_RUNNING'
  | 'ERR_IDENTITY_MISMATCH'
  | 'ERR_ALREADY_TRACKED'
  /** Live processes already carry LIFELINE_OWNER=<this id> (another instance, elsewhere, uses it). */
  | 'ERR_OWNER_IN_USE';

/** The one error class of @lifeline/core. Check with CoreError.isInstance(e), which works across duplicate installs. */
export class CoreError extends Error {
  readonly code: CoreErrorCode;
  readonly [BRAND] = true;
  /** What the failing operation had already done (a cleanup's ended orphans before a full disk stopped it). */
  readonly partial?: unknown;

  constructor(code: CoreErrorCode, message: string, options?: { cause?: unknown; partial?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CoreError';
    this.code = code;
    if (options?.partial !== undefined) this.partial = options.partial;
  }

  static isInstance(error: unknown): error is CoreError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as { [BRAND]?: unknown })[BRAND] === true &&
      (error as { name?: unknown }).name === 'CoreError'
    );
  }
}

/** A short, safe description of a value for error messages ("got -1", "got an object"). */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return String(value);
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
