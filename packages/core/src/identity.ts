/**
 * Every identity question core asks, in one place: which identity a record, an owner, a PID
 * file holder or a live process pins (snake_case state fields → platform-kill's
 * ExpectedIdentity), and whether two are the same process. The comparisons and liveness
 * checks themselves are platform-kill's (sameProcess, liveness, livenessMany). Imports only
 * platform-kill, so the guardian bundle can use it.
 */
import {
  type ExpectedIdentity,
  expectedFromRecord,
  type Liveness,
  liveness,
  livenessMany,
  type ProcessIdentity,
  sameProcess,
} from '@lifeline/platform-kill';

/** Any state-file shape that names a process: records, owners, PID file holders, guardians. */
export interface PinnedRef {
  pid: number;
  start_time?: string | null;
  boot_id?: string | null;
}

/** The identity a state-file entry pins, or null when it has no start time (a legacy record: nothing to check). */
export function expectedOf(ref: PinnedRef): ExpectedIdentity | null {
  return ref.start_time ? expectedFromRecord(ref) : null;
}

/** The identity of a process read just now, as a target to pin a signal to. */
export function expectedOfIdentity(identity: ProcessIdentity): ExpectedIdentity {
  return { pid: identity.pid, startTime: identity.startTime, bootId: identity.bootId };
}

/** The identity an owner is known by (platform-kill's one record mapping; a missing start time makes it unverifiable). */
export function ownerIdentity(ref: PinnedRef): ExpectedIdentity {
  return expectedFromRecord(ref);
}

/** Is the live process the one the entry pins? False when the entry pins nothing. */
export function isPinnedProcess(ref: PinnedRef, identity: ProcessIdentity): boolean {
  const expected = expectedOf(ref);
  return expected !== null && sameProcess(expected, expectedOfIdentity(identity));
}

/**
 * Do two state-file entries name the same process, as far as they record it (pid and start
 * time; a missing start time only matches a missing one)? For matching a record to remove
 * against the one that was ended, or an owner file against the owner a guardian watched.
 */
export function sameRecorded(a: PinnedRef, b: PinnedRef): boolean {
  return a.pid === b.pid && (a.start_time ?? null) === (b.start_time ?? null);
}

/** Is this one of the listed identities (pid and start time)? */
export function isOneOf(identity: ProcessIdentity, list: readonly ExpectedIdentity[]): boolean {
  return list.some((known) => known.pid === identity.pid && known.startTime === identity.startTime);
}

/**
 * Liveness of what a state-file entry names, by platform-kill's one rule and its one record
 * mapping: an entry with no start time (or a start time but no boot id on Linux) answers
 * 'unverified', never 'alive' or 'reused'.
 */
export function livenessOf(ref: PinnedRef): Promise<Liveness> {
  return liveness(ref.pid, expectedFromRecord(ref));
}

/** Liveness of many owners; up to this many are checked one by one (a few direct reads beat a listing of all of /proc). */
const FEW = 16;

export function livenessOfMany(expected: ExpectedIdentity[]): Promise<Liveness[]> {
  if (expected.length > FEW) return livenessMany(expected);
  return Promise.all(expected.map((e) => liveness(e.pid, e)));
}
