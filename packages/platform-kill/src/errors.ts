const BRAND = Symbol.for('lifeline.error');

export type PlatformKillErrorCode =
  | 'ERR_INVALID_PID'
  | 'ERR_INVALID_OPTION'
  | 'ERR_PROTECTED_PID'
  | 'ERR_UNSUPPORTED_PLATFORM'
  | 'ERR_COMMAND_FAILED'
  | 'ERR_PARSE_FAILED'
  | 'ERR_INVALID_SYSTEM_ROOT'
  | 'ERR_CONTAINMENT_FAILED';

/** The one error class of @lifeline/platform-kill. Check with `PlatformKillError.isInstance(e)`, which works across duplicate installs. */
export class PlatformKillError extends Error {
  readonly code: PlatformKillErrorCode;
  readonly [BRAND] = true;

  constructor(code: PlatformKillErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PlatformKillError';
    this.code = code;
  }

  static isInstance(error: unknown): error is PlatformKillError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[BRAND] === true &&
      typeof (error as { code?: unknown }).code === 'string' &&
      (error as { name?: unknown }).name === 'PlatformKillError'
    );
  }
}

/** Describes a value for an error message: `-1`, `"12"`, `NaN`, `undefined`. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) return String(value);
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}
