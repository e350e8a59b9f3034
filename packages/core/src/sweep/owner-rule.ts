/**
 * The owner rule, pure: which owners are live instances, who owns a legacy record, and which
 * records are orphans — decided from state-file entries and liveness verdicts the caller read
 * (one livenessMany, a snapshot, holderLiveness). No I/O here and no runtime import but
 * persistence's isLegacyRecord, so `@lifeline/core/plan` (this file) loads without core's index,
 * pino or zod: `lifeline ps` decides with it what core's ownerStates, legacyOwnerAlive and
 * isOrphan (which call it) decide for `status` and `cleanup`.
 */
import { isLegacyRecord, type OwnerInfo, type PidFileContent, type ProcessRecord } from '@lifeline/persistence';
import type { Liveness } from '@lifeline/platform-kill';

export interface OwnerRef {
  id: string;
  pid: number;
  start_time?: string | null;
  boot_id?: string | null;
}

export interface OwnerState {
  id: string;
  alive: boolean;
  pids: number[];
}

/** What a record's pid holds now (RecordState in core's identity.ts, the one rule's words). */
export type PlanRecordState = 'running' | 'zombie' | 'gone' | 'reused' | 'unverified';

/** Every owner the records and owner files name, once per incarnation (id + pid + start time). */
export function ownerRefs(records: ProcessRecord[], ownerFiles: OwnerInfo[]): OwnerRef[] {
  const refs: OwnerRef[] = [];
  // id → the incarnations seen; a registry names few owners, so a short scan beats building a key per record.
  const seen = new Map<string, OwnerRef[]>();
  const add = (ref: OwnerRef | undefined) => {
    if (!ref?.id || !Number.isInteger(ref.pid)) return;
    const start = ref.start_time ?? null;
    const known = seen.get(ref.id);
    if (known?.some((r) => r.pid === ref.pid && (r.start_time ?? null) === start)) return;
    if (known) known.push(ref);
    else seen.set(ref.id, [ref]);
    refs.push(ref);
  };
  for (const record of records) add(record.owner);
  for (const file of ownerFiles) add(file);
  return refs;
}

/** The owners whose liveness must be read (never our own id — null: we are no instance — never pid 0 or 1). */
export const checkableOwners = (selfId: string | null, refs: OwnerRef[]): OwnerRef[] =>
  refs.filter((r) => r.id !== selfId && r.pid > 1);

/**
 * An owner's or holder's liveness as the owner rule counts it: a pid running without a provable
 * identity (unverified) still holds it — with nothing to check we do not kill.
 */
export const holds = (state: Liveness | undefined): boolean => state === 'alive' || state === 'unverified';

/**
 * Which owners are live instances, given `live[i]`, the liveness of checkableOwners(selfId, refs)[i]:
 * an id with any live incarnation is alive (never sweep a live instance's tag); an id with no
 * checkable incarnation is not (unless it is ours). Our own id is always alive.
 */
export function decideOwners(selfId: string | null, refs: OwnerRef[], live: Liveness[]): Map<string, OwnerState> {
  const states = new Map<string, OwnerState>();
  checkableOwners(selfId, refs).forEach((ref, i) => {
    const state = states.get(ref.id) ?? { id: ref.id, alive: false, pids: [] };
    state.pids.push(ref.pid);
    if (holds(live[i])) state.alive = true;
    states.set(ref.id, state);
  });
  for (const ref of refs)
    if (!states.has(ref.id)) states.set(ref.id, { id: ref.id, alive: ref.id === selfId, pids: [ref.pid] });
  if (selfId !== null) states.set(selfId, { id: selfId, alive: true, pids: [process.pid] });
  return states;
}

/**
 * The legacy owner to check — the PID file's holder, when it wrote no owner_id (the Script Kit
 * app writes a bare pid) — or null: no file, a Lifeline instance there (never the owner of a
 * legacy record), this very process, or no valid pid. Alive when holds(its liveness).
 */
export function legacyHolder(pidFile: PidFileContent | null): PidFileContent | null {
  if (!pidFile || pidFile.owner_id || pidFile.pid === process.pid) return null;
  return Number.isSafeInteger(pidFile.pid) && pidFile.pid > 0 ? pidFile : null;
}

/** Is the owner of `record` alive: its owner id's verdict, or for a legacy record its holder's. */
export const ownerAliveOf = (
  record: ProcessRecord,
  owners: ReadonlyMap<string, OwnerState>,
  legacyOwnerAlive: boolean,
): boolean => (record.owner ? (owners.get(record.owner.id)?.alive ?? false) : legacyOwnerAlive);

/**
 * Left behind by a dead owner, for `lifeline cleanup` to end: running (verified) — or, for a
 * Script Kit record, holding a live pid that the legacy rule may match. A Lifeline record that
 * cannot be verified is no orphan: cleanup never signals it.
 */
export const isOrphanRecord = (record: ProcessRecord, state: PlanRecordState, ownerAlive: boolean): boolean =>
  !ownerAlive && (state === 'running' || (state === 'unverified' && isLegacyRecord(record)));
