import type { ExpectedIdentity, Liveness, ProcessIdentity } from './types';

/**
 * Two identities name the same process only when pid, start time and boot all match.
 * A missing start time never matches (we cannot tell a reused pid from the original);
 * boot ids must be equal too (both null on macOS and Windows, which give none).
 */
export function sameProcess(a: ExpectedIdentity, b: ExpectedIdentity): boolean {
  if (a.pid !== b.pid) return false;
  if (!a.startTime || !b.startTime || a.startTime !== b.startTime) return false;
  return (a.bootId ?? null) === (b.bootId ?? null);
}

/** Does the live identity match what the caller expects? Only the fields the caller gave are checked. */
export function matchesExpected(actual: ProcessIdentity, expected: ExpectedIdentity): boolean {
  if (actual.pid !== expected.pid) return false;
  if (expected.startTime != null && expected.startTime !== actual.startTime) return false;
  if (expected.bootId != null && actual.bootId != null && expected.bootId !== actual.bootId) return false;
  return true;
}

/** Liveness from an identity read (null: not found). Zombies are dead; a mismatched identity is a reused pid. */
export function livenessOf(actual: ProcessIdentity | null, expected?: ExpectedIdentity): Liveness {
  if (!actual || actual.state === 'dead') return 'gone';
  if (expected && !matchesExpected(actual, expected)) return 'reused';
  if (actual.state === 'zombie') return 'zombie';
  return 'alive';
}

/** Dead for every purpose: gone, a zombie, or the pid now names someone else. */
export function isDead(liveness: Liveness): boolean {
  return liveness !== 'alive';
}
