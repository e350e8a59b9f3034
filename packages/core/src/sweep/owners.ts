import type { ProcessSnapshot } from '@lifeline/platform-kill';
import { expectedOf, livenessOfMany } from '../identity';
import { checkableOwners, decideOwners, type OwnerRef, type OwnerState } from './owner-rule';

// The rule itself is owner-rule.ts (pure, shared with `lifeline ps`); this file reads the liveness it needs.
export { checkableOwners, type OwnerRef, type OwnerState, ownerRefs } from './owner-rule';

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
  const expected = checkableOwners(selfId, refs).map(expectedOf);
  const live = snapshot ? expected.map((e) => snapshot.liveness(e)) : await livenessOfMany(expected);
  return decideOwners(selfId, refs, live);
}
