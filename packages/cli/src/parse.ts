import { constants } from 'node:os';
import { CliError } from './errors.js';

/**
 * Validators for option and argument values. Each throws a CliError (exit 2) whose message
 * says what was expected and what was given, e.g. `--grace must be a non-negative integer (ms), got "-5"`.
 */

/**
 * The largest pid: kill(2) takes a signed 32-bit pid_t, so anything above wraps to a negative
 * number, i.e. a process group. Equal to @lifeline/persistence's MAX_PID (a test checks it);
 * not imported from there because every command parses its arguments before loading anything.
 */
export const MAX_PID = 2 ** 31 - 1;

/** A pid as persistence accepts one: an integer from 2 to MAX_PID (0 is "my group", 1 is init). */
export function parsePid(raw: string): number {
  if (!/^\d+$/.test(raw.trim())) throw invalid(`pid must be a positive integer, got ${JSON.stringify(raw)}`);
  const pid = Number(raw);
  if (!Number.isSafeInteger(pid) || pid < 2 || pid > MAX_PID)
    throw invalid(`pid must be an integer from 2 to ${MAX_PID}, got ${JSON.stringify(raw)}`);
  return pid;
}

/** A `kill` argument: all digits is a pid (validated as one), anything else a name as `ps` shows it. */
export type KillTarget = { pid: number } | { name: string };

export function parseKillTarget(raw: string): KillTarget {
  if (/^\s*\d+\s*$/.test(raw)) return { pid: parsePid(raw) };
  if (raw.trim() === '') throw invalid('a kill target must be a pid or a name, got ""');
  return { name: raw };
}

export function parseGrace(raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) {
    throw invalid(`--grace must be a non-negative integer (milliseconds), got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function parseLines(raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) {
    throw invalid(`--lines must be a non-negative integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Accepts `TERM`, `SIGTERM` or `sigterm`; returns the canonical name. */
export function parseSignal(raw: string): NodeJS.Signals {
  const upper = raw.trim().toUpperCase();
  const name = (upper.startsWith('SIG') ? upper : `SIG${upper}`) as NodeJS.Signals;
  if (!(name in constants.signals)) {
    throw invalid(`--signal must be a signal name such as SIGTERM or INT, got ${JSON.stringify(raw)}`);
  }
  return name;
}

/** Owner ids become LIFELINE_OWNER values and file names (owners/<id>.json). */
export function parseOwner(raw: string): string {
  if (!/^[A-Za-z0-9._-]{8,128}$/.test(raw) || raw.startsWith('.')) {
    throw invalid(`--owner must be 8-128 letters, digits, '.', '_' or '-', got ${JSON.stringify(raw)}`);
  }
  return raw;
}

const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since`: a duration back from now (`90s`, `15m`, `2h`, `1d`) or a date/time Date.parse understands. */
export function parseSince(raw: string, now = Date.now()): number {
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(raw.trim());
  if (match) return now - Number(match[1]) * (units[match[2] as string] as number);
  const time = Date.parse(raw);
  if (Number.isNaN(time)) {
    throw invalid(
      `--since must be a duration like 15m, 2h, 1d or a date like 2025-01-31T10:00, got ${JSON.stringify(raw)}`,
    );
  }
  return time;
}

function invalid(message: string): CliError {
  return new CliError('ERR_INVALID_ARGUMENT', message);
}
