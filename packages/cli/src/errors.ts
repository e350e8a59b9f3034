/**
 * The one error class of @lifeline/cli. Every failure the CLI reports carries a string `code`
 * and the process exit code it maps to, so scripts can rely on the exit code table below.
 */

/** Stable exit codes, documented in `--help` and the README. */
export const EXIT = {
  /** Everything asked for was done (or there was nothing to do). */
  ok: 0,
  /** An operation failed: a process could not be ended, a pid was refused, a file could not be written. */
  failed: 1,
  /** Usage error: unknown command or flag, a bad value, a state directory that is not usable. */
  usage: 2,
  /** `status` / `doctor`: the state is unhealthy (stale PID file, corrupt registry, orphans). */
  unhealthy: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type CliErrorCode =
  | 'ERR_USAGE'
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_STATE_DIR'
  | 'ERR_OPERATION_FAILED'
  | 'ERR_UNHEALTHY'
  | 'ERR_INTERNAL';

const brand = Symbol.for('lifeline.error');

const defaultExit: Record<CliErrorCode, number> = {
  ERR_USAGE: EXIT.usage,
  ERR_INVALID_ARGUMENT: EXIT.usage,
  ERR_STATE_DIR: EXIT.usage,
  ERR_OPERATION_FAILED: EXIT.failed,
  ERR_UNHEALTHY: EXIT.unhealthy,
  ERR_INTERNAL: EXIT.failed,
};

export class CliError extends Error {
  readonly code: CliErrorCode;
  readonly exitCode: number;
  readonly [brand] = true;

  constructor(code: CliErrorCode, message: string, options: { cause?: unknown; exitCode?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.code = code;
    this.exitCode = options.exitCode ?? defaultExit[code];
  }

  static isInstance(value: unknown): value is CliError {
    return (
      typeof value === 'object' &&
      value !== null &&
      (value as { [brand]?: unknown })[brand] === true &&
      'exitCode' in value
    );
  }
}

/** Any Lifeline error (any package): branded with Symbol.for('lifeline.error') and carrying a code. */
export function isLifelineError(value: unknown): value is Error & { code: string } {
  return value instanceof Error && (value as unknown as Record<symbol, unknown>)[brand] === true;
}

export const usageError = (message: string) => new CliError('ERR_USAGE', message);
