import type { OwnerInfo, PidFileContent, ProcessRecord } from '@lifeline/persistence';
import type { ExpectedIdentity, Liveness } from '@lifeline/platform-kill';

/**
 * Which owners are live instances — the rule core's orphan cleanup applies (core/src/owners.ts
 * and legacy.ts), so `ps` calls "orphan" exactly what `status` counts and `cleanup` would end:
 *  - an owner id is alive when any of its known incarnations (the owner refs in the records and
 *    the owner files) is alive: pid with the same start time, or, for a ref without a start
 *    time, while that pid runs;
 *  - a legacy record (no owner) belongs to the PID file's holder when that holder wrote no
 *    owner id (Script Kit), and is owned while that holder is alive.
 * core does not export this rule yet (it lives beside its planner); until it does, this mirror
 * must change with it. Returns the identities to check and, given their liveness, the verdicts.
 */
export function ownerRule(records: ProcessRecord[], ownerFiles: OwnerInfo[], pidFile: PidFileContent | null) {
  const refs: Array<{ id: string; expected: ExpectedIdentity }> = [];
  const seen = new Set<string>();
  const add = (ref: { id: string; pid: number; start_time?: string | null; boot_id?: string | null } | undefined) => {
    if (!ref?.id || !Number.isInteger(ref.pid) || ref.pid <= 1) return;
    const key = `${ref.id}\0${ref.pid}\0${ref.start_time ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    refs.push({
      id: ref.id,
      expected: { pid: ref.pid, startTime: ref.start_time ?? null, bootId: ref.boot_id ?? null },
    });
  };
  for (const record of records) add(record.owner);
  for (const file of ownerFiles) add(file);
  const legacyHolder =
    records.some((r) => !r.owner) && pidFile && !pidFile.owner_id && pidFile.pid !== process.pid && pidFile.pid > 1
      ? { pid: pidFile.pid, startTime: pidFile.start_time ?? null, bootId: pidFile.boot_id ?? null }
      : null;
  const expected = [...refs.map((r) => r.expected), ...(legacyHolder ? [legacyHolder] : [])];
  return {
    expected,
    /** Given livenessMany(expected): is the owner of `record` alive? */
    decide(live: Liveness[]) {
      const alive = new Set<string>();
      refs.forEach((ref, i) => {
        if (live[i] === 'alive') alive.add(ref.id);
      });
      const legacyAlive = legacyHolder !== null && live[refs.length] === 'alive';
      return (record: ProcessRecord): boolean => (record.owner ? alive.has(record.owner.id) : legacyAlive);
    },
  };
}
