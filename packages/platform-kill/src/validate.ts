import { constants } from 'node:os';
import { describe, PlatformKillError } from './errors';
import type { ExpectedIdentity, TerminateOptions, TerminateTarget } from './types';

/** A pid must be a positive safe integer; strings, NaN, fractions, 0 and negatives are errors, never coerced. */
export function assertPid(value: unknown, name = 'pid'): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new PlatformKillError('ERR_INVALID_PID', `${name} must be a positive integer, got ${describe(value)}`);
  }
}

export function assertSignal(value: unknown, name: string): asserts value is NodeJS.Signals {
  if (typeof value !== 'string' || !(value in constants.signals)) {
    throw new PlatformKillError(
      'ERR_INVALID_OPTION',
      `${name} must be a signal name such as "SIGTERM", got ${describe(value)}`,
    );
  }
}

function nonNegativeInteger(options: Record<string, unknown>, name: string, fallback: number, min = 0): number {
  const value = options[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    const what = min > 0 ? 'a positive integer' : 'a non-negative integer';
    throw new PlatformKillError('ERR_INVALID_OPTION', `${name} must be ${what}, got ${describe(value)}`);
  }
  return value;
}

export type ResolvedOptions = Required<TerminateOptions>;

export function resolveOptions(options: unknown): ResolvedOptions {
  if (options === undefined) options = {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new PlatformKillError('ERR_INVALID_OPTION', `options must be an object, got ${describe(options)}`);
  }
  const o = options as Record<string, unknown>;
  const signal = o.signal ?? 'SIGTERM';
  const forceSignal = o.forceSignal ?? 'SIGKILL';
  assertSignal(signal, 'signal');
  assertSignal(forceSignal, 'forceSignal');
  return {
    signal,
    forceSignal,
    graceMs: nonNegativeInteger(o, 'graceMs', 3000),
    confirmMs: nonNegativeInteger(o, 'confirmMs', 2000),
    pollMs: nonNegativeInteger(o, 'pollMs', 2, 1),
  };
}

export function assertExpected(value: unknown, name = 'expect'): asserts value is ExpectedIdentity {
  if (typeof value !== 'object' || value === null) {
    throw new PlatformKillError(
      'ERR_INVALID_OPTION',
      `${name} must be an object { pid, startTime?, bootId? }, got ${describe(value)}`,
    );
  }
  const e = value as Record<string, unknown>;
  assertPid(e.pid, `${name}.pid`);
  for (const key of ['startTime', 'bootId'] as const) {
    const v = e[key];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      throw new PlatformKillError('ERR_INVALID_OPTION', `${name}.${key} must be a string or null, got ${describe(v)}`);
    }
  }
}

/** Accepts a bare pid or a target object; returns the target object form. */
export function normaliseTarget(value: unknown): TerminateTarget {
  if (typeof value === 'number') {
    assertPid(value, 'target');
    return { pid: value };
  }
  if (typeof value !== 'object' || value === null) {
    // A bare non-number in the pid position ('12', null) is a bad pid, not a bad option.
    throw new PlatformKillError(
      'ERR_INVALID_PID',
      `target must be a positive integer pid or { pid } or { pgid }, got ${describe(value)}`,
    );
  }
  const t = value as Record<string, unknown>;
  const hasPid = 'pid' in t;
  const hasPgid = 'pgid' in t;
  if (hasPid === hasPgid) {
    throw new PlatformKillError(
      'ERR_INVALID_OPTION',
      `target must have exactly one of pid or pgid, got ${describe(value)}`,
    );
  }
  if (hasPid) assertPid(t.pid, 'target.pid');
  else assertPid(t.pgid, 'target.pgid');
  if (t.tree !== undefined && typeof t.tree !== 'boolean') {
    throw new PlatformKillError('ERR_INVALID_OPTION', `target.tree must be a boolean, got ${describe(t.tree)}`);
  }
  if (t.expect !== undefined) {
    assertExpected(t.expect, 'target.expect');
    if (hasPid && t.expect.pid !== t.pid) {
      throw new PlatformKillError(
        'ERR_INVALID_OPTION',
        `target.expect.pid must equal target.pid ${t.pid}, got ${t.expect.pid}`,
      );
    }
  }
  return value as TerminateTarget;
}

export function assertTargets(value: unknown): TerminateTarget[] {
  if (!Array.isArray(value)) {
    throw new PlatformKillError('ERR_INVALID_OPTION', `targets must be an array, got ${describe(value)}`);
  }
  return value.map((t) => normaliseTarget(t));
}

export function assertOwnerId(value: unknown): asserts value is string {
  if (typeof value !== 'string' || value === '' || /[\0=]/.test(value)) {
    throw new PlatformKillError(
      'ERR_INVALID_OPTION',
      `ownerId must be a non-empty string without "=" or NUL, got ${describe(value)}`,
    );
  }
}
