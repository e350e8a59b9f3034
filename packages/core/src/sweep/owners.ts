import type { OwnerInfo, ProcessRecord } from '@lifeline/persistence';
import { livenessOfMany, ownerIdentity } from '../identity';

export interface OwnerState {
  id: string;
  alive: boolean;
  pids: number[];
}

interface OwnerRef {
  id: string;
  pid: number;
  start_time?: string | null;
  boot_id?: string | null;
}

/**
 * Which owners are live instances? An owner is alive when its pid is alive with the same start
 * time (one process-table read for all of them). Owners known only by pid (no start time) count
 * as alive while that pid runs: with nothing to check we do not kill. Our own id is always alive.
 */
export async function ownerStates(
  selfId: string,
  records: ProcessRecord[],
  ownerFiles: OwnerInfo[],
): Promise<Map<string, OwnerState>> {
  const refs: OwnerRef[] = [];
  const seen = new Set<string>();
  const add = (ref: OwnerRef | undefined) => {
    if (!ref?.id || !Number.isInteger(ref.pid)) return;
    const key = `${ref.id}\0${ref.pid}\0${ref.start_time ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    refs.push(ref);
  };
  for (const record of records) add(record.owner);
  for (const file of ownerFiles) add(file);
  const states = new Map<string, OwnerState>();
  const checkable = refs.filter((r) => r.id !== selfId && r.pid > 1);
  const live = await livenessOfMany(checkable.map(ownerIdentity));
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
