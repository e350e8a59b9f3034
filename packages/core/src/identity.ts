/**
 * Every identity question core asks, in one place: which identity a record, an owner, a PID
 * file holder or a live process pins (snake_case state fields → platform-kill's
 * ExpectedIdentity), and whether two are the same process. The comparisons and liveness
 * checks themselves are platform-kill's (livenessOf, liveness, livenessMany, snapshot). Imports only
 * platform-kill, so the guardian bundle can use it.
 */
import {
  compareIdentity,
  type ExpectedIdentity,
  expectedFromRecord,
  livenessOf as judge,
  type Liveness,
  liveness,
  livenessMany,
  type ProcessIdentity,
} from '@lifeline/platform-kill';

/** Any state-file shape that names a process: records, owners, PID file holders, guardians. */
export interface PinnedRef {
  pid: number;
  start_time?: string | null;
  boot_id?: string | null;
}

/** The identity a state-file entry pins (platform-kill's one record mapping; missing fields stay null). */
export function expectedOf(ref: PinnedRef): ExpectedIdentity {
  return expectedFromRecord(ref);
}

/** What a record's pid holds now, as every inspection names it (`lifeline ps`, listTracked, status, kill, cleanup). */
export type RecordState = 'running' | 'zombie' | 'gone' | 'reused' | 'unverified';

/** A liveness verdict (the one identity rule's) in the words of RecordState. */
export const recordStateOf = (state: Liveness): RecordState => (state === 'alive' ? 'running' : state);

/**
 * The state of a record from an identity read just now (null: nothing at its pid), by the one
 * rule: a record without a start time, or (Linux) with a start time but no boot id, is
 * `unverified` while a process holds its pid — never `running`, never `reused`.
 */
export function recordState(record: PinnedRef, identity: ProcessIdentity | null): RecordState {
  return recordStateOf(judge(identity, expectedOf(record)));
}

/** Why an unverified record is never signalled, in one wording for every command. */
export function unverifiedReason(record: PinnedRef): string {
  const missing = record.start_time ? 'no boot id' : 'no start time';
  return `pid ${record.pid} is running but the record has ${missing}: it cannot be proven to be the recorded process, so it is not signalled`;
}

/** The identity of a process read just now, as a target to pin a signal to. */
export function expectedOfIdentity(identity: ProcessIdentity): ExpectedIdentity {
  return { pid: identity.pid, startTime: identity.startTime, bootId: identity.bootId };
}

/**
 * Do two state-file entries name the same process, as far as they record it (pid and start
 * time; a missing start time only matches a missing one)? For matching a record to remove
 * against the one that was ended, or an owner file against the owner a guardian watched.
 */
export function sameRecorded(a: PinnedRef, b: PinnedRef): boolean {
  return a.pid === b.pid && (a.start_time ?? null) === (b.start_time ?? null);
}

/** Might this be one of the listed identities? Anything the one rule does not call `different` counts: protection errs on the safe side. */
export function isOneOf(identity: ProcessIdentity, list: readonly ExpectedIdentity[]): boolean {
  return list.some((known) => compareIdentity(known, identity) !== 'different');
}

/** Liveness of many owners; up to this many are checked one by one (a few direct reads beat a listing of all of /proc). */
const FEW = 16;

export function livenessOfMany(expected: ExpectedIdentity[]): Promise<Liveness[]> {
  if (expected.length > FEW) return livenessMany(expected);
  return Promise.all(expected.map((e) => liveness(e.pid, e)));
}
