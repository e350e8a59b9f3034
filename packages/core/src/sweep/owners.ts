import type { OwnerInfo, ProcessRecord } from '@lifeline/persistence';
import type { ProcessSnapshot } from '@lifeline/platform-kill';
import { expectedOf, livenessOfMany } from '../identity';

export interface OwnerState {
  id: string;
  alive: boolean;
  pids: number[];
}

export interface OwnerRef {
  id: string;
  pid: number;
  start_time?: string | null;
  boot_id?: string | null;
}

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

/** The owners whose liveness must be read (never our own id, never pid 0 or 1). */
export const checkableOwners = (selfId: string, refs: OwnerRef[]): OwnerRef[] =>
  refs.filter((r) => r.id !== selfId && r.pid > 1);

/**
 * Which owners are live instances? An owner is alive when its pid is alive with the same start
 * time — read from `snapshot` when the caller took one that holds the owners' pids, else in one
 * process-table read for all of them. Owners known only by pid (no start time) count as alive
 * while that pid runs (unverified): with nothing to check we do not kill. Our own id is always alive.
 */
export async function ownerStates(
  selfId: string,
  refs: OwnerRef[],
  snapshot?: ProcessSnapshot,
): Promise<Map<string, OwnerState>> {
  const states = new Map<string, OwnerState>();
  const checkable = checkableOwners(selfId, refs);
  const expected = checkable.map(expectedOf);
  const live = snapshot ? expected.map((e) => snapshot.liveness(e)) : await livenessOfMany(expected);
  checkable.forEach((ref, i) => {
    const state = states.get(ref.id) ?? { id: ref.id, alive: false, pids: [] };
    state.pids.push(ref.pid);
    // An id with any live incarnation is alive: never sweep a live instance's tag.
    if (live[i] === 'alive' || live[i] === 'unverified') state.alive = true;
    states.set(ref.id, state);
  });
  for (const ref of refs)
    if (!states.has(ref.id)) states.set(ref.id, { id: ref.id, alive: ref.id === selfId, pids: [ref.pid] });
  states.set(selfId, { id: selfId, alive: true, pids: [process.pid] });
  return states;
}
