import type { ExpectedIdentity, IdentityMatch, IdentityRecord, Liveness, ProcessIdentity } from './types';

const recorded = (value: string | null | undefined): value is string => typeof value === 'string' && value !== '';

/**
 * THE identity rule: every comparison of a remembered identity with a live one goes through
 * here (liveness, sameProcess, terminate's target check, the re-check before each signal and
 * the wait loop). The order of the steps and why are documented on IdentityMatch.
 */
export function compareIdentity(expected: ExpectedIdentity, actual: ExpectedIdentity): IdentityMatch {
  if (expected.pid !== actual.pid) return 'different';
  if (!recorded(expected.startTime) || !recorded(actual.startTime)) return 'unverifiable';
  if (expected.startTime !== actual.startTime) return 'different';
  const expectedBoot = recorded(expected.bootId) ? expected.bootId : null;
  const actualBoot = recorded(actual.bootId) ? actual.bootId : null;
  if (expectedBoot !== null && actualBoot !== null) return expectedBoot === actualBoot ? 'same' : 'different';
  return expectedBoot === actualBoot ? 'same' : 'unverifiable';
}

/** True only when the rule says `same`: an unverifiable identity is never the same process. */
export function sameProcess(a: ExpectedIdentity, b: ExpectedIdentity): boolean {
  return compareIdentity(a, b) === 'same';
}

/**
 * The one mapping from a persisted record (snake_case, fields optional) to an expected identity.
 * Missing fields stay missing (null): the rule, not the caller, decides what that means.
 */
export function expectedFromRecord(record: IdentityRecord): ExpectedIdentity {
  return {
    pid: record.pid,
    startTime: recorded(record.start_time) ? record.start_time : null,
    bootId: recorded(record.boot_id) ? record.boot_id : null,
  };
}

/**
 * Liveness from one identity read (null: nothing at the pid). Order: nothing there (or dead) →
 * gone; another process → reused (even a zombie: it is not ours); a zombie → zombie;
 * not provable → unverified; else alive. Without `expected`, existence only.
 */
export function livenessOf(actual: ProcessIdentity | null, expected?: ExpectedIdentity): Liveness {
  if (!actual || actual.state === 'dead') return 'gone';
  const match = expected ? compareIdentity(expected, actual) : 'same';
  if (match === 'different') return 'reused';
  if (actual.state === 'zombie') return 'zombie';
  return match === 'unverifiable' ? 'unverified' : 'alive';
}
