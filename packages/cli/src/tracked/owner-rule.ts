import type { OwnerInfo, PidFileContent, ProcessRecord } from '@lifeline/persistence';
import type { IdentityRecord, Liveness } from '@lifeline/platform-kill';

/**
 * Which owners are live instances — the rule core's orphan cleanup applies (core/src/owners.ts
 * and legacy.ts), so `ps` calls "orphan" exactly what `status` counts and `cleanup` would end:
 *  - an owner id is alive when any of its known incarnations (the owner refs in the records and
 *    the owner files) is alive or unverified (platform-kill's holder rule: a pid running without
 *    a provable identity still counts as its holder);
 *  - a legacy record (no owner) belongs to the PID file's holder when that holder wrote no
 *    owner id (Script Kit), and is owned while that holder is alive.
 * core does not export this rule yet (it lives beside its planner); until it does, this mirror
 * must change with it. Returns the state-file refs to check (map them with expectedFromRecord)
 * and, given their liveness, the verdicts.
 */
export function ownerRule(records: ProcessRecord[], ownerFiles: OwnerInfo[], pidFile: PidFileContent | null) {
  const owners: Array<{ id: string; ref: IdentityRecord }> = [];
  const seen = new Set<string>();
  const add = (ref: { id: string; pid: number; start_time?: string | null; boot_id?: string | null } | undefined) => {
    if (!ref?.id || !Number.isInteger(ref.pid) || ref.pid <= 1) return;
    const key = `${ref.id}\0${ref.pid}\0${ref.start_time ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    owners.push({ id: ref.id, ref });
  };
  for (const record of records) add(record.owner);
  for (const file of ownerFiles) add(file);
  const legacyHolder =
    records.some((r) => !r.owner) && pidFile && !pidFile.owner_id && pidFile.pid !== process.pid && pidFile.pid > 1
      ? pidFile
      : null;
  const held = (state: Liveness | undefined) => state === 'alive' || state === 'unverified';
  return {
    refs: [...owners.map((o) => o.ref), ...(legacyHolder ? [legacyHolder] : [])],
    /** Given livenessMany of refs (mapped with expectedFromRecord): is the owner of `record` alive? */
    decide(live: Liveness[]) {
      const alive = new Set<string>();
      owners.forEach((owner, i) => {
        if (held(live[i])) alive.add(owner.id);
      });
      const legacyAlive = legacyHolder !== null && held(live[owners.length]);
      return (record: ProcessRecord): boolean => (record.owner ? alive.has(record.owner.id) : legacyAlive);
    },
  };
}
