import { constants } from 'node:os';
import { CoreError, describe } from '../errors';
import type { KillOptions, StdioOption } from '../types';

const invalid = (message: string) => new CoreError('ERR_INVALID_ARGUMENT', message);

export function checkCommand(command: unknown): string {
  if (typeof command !== 'string') throw invalid(`command must be a non-empty string, got ${describe(command)}`);
  if (command.trim() === '') throw invalid('command must be a non-empty string, got an empty string');
  if (command.includes('\0')) throw invalid('command must not contain NUL bytes');
  return command;
}

export function checkArgs(args: unknown, label = 'args'): string[] {
  if (args === undefined) return [];
  if (!Array.isArray(args)) throw invalid(`${label} must be an array of strings, got ${describe(args)}`);
  args.forEach((arg, i) => {
    if (typeof arg !== 'string') throw invalid(`${label}[${i}] must be a string, got ${describe(arg)}`);
    if (arg.includes('\0')) throw invalid(`${label}[${i}] must not contain NUL bytes`);
  });
  return [...args];
}

export function checkGraceMs(value: unknown, label = 'graceMs'): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
    throw invalid(`${label} must be a non-negative integer, got ${describe(value)}`);
  return value;
}

export function checkSignal(value: unknown): NodeJS.Signals | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(value in constants.signals))
    throw invalid(`signal must be a signal name such as 'SIGTERM', got ${describe(value)}`);
  return value as NodeJS.Signals;
}

export function checkKillOptions(options: unknown): KillOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null)
    throw invalid(`kill options must be an object, got ${describe(options)}`);
  const { graceMs, signal } = options as KillOptions;
  return { graceMs: checkGraceMs(graceMs), signal: checkSignal(signal) };
}

export function checkPid(value: unknown, label = 'pid'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 1)
    throw invalid(`${label} must be an integer greater than 1, got ${describe(value)}`);
  return value;
}

export function checkOptionalString(value: unknown, label: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '')
    throw invalid(`${label} must be a non-empty string, got ${describe(value)}`);
  return value;
}

/** Owner ids become file names (owners/<id>.json) and env values, so keep them to a safe alphabet. */
export function checkOwnerId(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(value))
    throw invalid(
      `ownerId must be 1-128 letters, digits, '.', '_' or '-' (not starting with one of the last three), got ${describe(value)}`,
    );
  return value;
}

export function checkStdio(value: unknown): StdioOption | undefined {
  if (value === undefined) return undefined;
  if (value === 'pipe' || value === 'inherit' || value === 'ignore') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || (typeof v === 'number' && v >= 0)))
    return value;
  throw invalid(`stdio must be 'pipe', 'inherit', 'ignore' or an array of those or fds, got ${describe(value)}`);
}

export function checkEnv(value: unknown): NodeJS.ProcessEnv | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid(`env must be an object of strings, got ${describe(value)}`);
  for (const [key, v] of Object.entries(value))
    if (v !== undefined && typeof v !== 'string') throw invalid(`env.${key} must be a string, got ${describe(v)}`);
  return value as NodeJS.ProcessEnv;
}
