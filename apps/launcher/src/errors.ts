const BRAND = Symbol.for('lifeline.error');

export type LauncherErrorCode =
  | 'ERR_USAGE'
  | 'ERR_SCRIPTS_DIR'
  | 'ERR_SCRIPT_NOT_FOUND'
  | 'ERR_RUNTIME_NOT_FOUND'
  | 'ERR_INSTANCE_RUNNING'
  | 'ERR_TERMINAL_TOO_SMALL';

/** The one error class of the launcher app. Its messages are shown to the user as they are. */
export class LauncherError extends Error {
  readonly code: LauncherErrorCode;
  readonly [BRAND] = true;

  constructor(code: LauncherErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LauncherError';
    this.code = code;
  }

  static isInstance(error: unknown): error is LauncherError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as { [BRAND]?: unknown })[BRAND] === true &&
      (error as { name?: unknown }).name === 'LauncherError'
    );
  }
}

/** The message of anything thrown, for one line of UI. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
