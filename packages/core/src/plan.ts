/**
 * `@lifeline/core/plan`: the owner rule — which owners are live instances, who owns a legacy
 * record, which records are orphans — as pure functions over state-file entries and liveness
 * verdicts the caller read. The same rule core's cleanup, status and listTracked apply, for a
 * reader that must not load core (`lifeline ps`): this entry imports only persistence's
 * isLegacyRecord, never core's index, pino or zod.
 */
export {
  checkableOwners,
  decideOwners,
  holds,
  isOrphanRecord,
  legacyHolder,
  type OwnerRef,
  type OwnerState,
  ownerAliveOf,
  ownerRefs,
  type PlanRecordState,
} from './sweep/owner-rule';
