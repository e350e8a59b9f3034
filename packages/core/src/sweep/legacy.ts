import type { ProcessRecord, StateLayout } from '@lifeline/persistence';
import { openPidFile } from '@lifeline/persistence';
import { holderLiveness, type ProcessIdentity } from '@lifeline/platform-kill';
import { startTimeToDate } from './start-time';

/** How far apart the OS start time and the record's started_at may be. Script Kit writes started_at right after spawn. */
export const LEGACY_START_TOLERANCE_MS = 5_000;

export interface LegacyVerdict {
  match: boolean;
  reason: string;
}

/**
 * The legacy match rule, for records without identity (Script Kit's active-bun-pids.json):
 * the live process at that pid is taken to be the record's child only if
 *  1. its OS start time is within LEGACY_START_TOLERANCE_MS of the record's started_at, and
 *  2. its command line contains the record's script_path.
 * (3., checked by the caller: the Script Kit main process holding the PID file is not alive.)
 */
export function legacyMatch(record: ProcessRecord, identity: ProcessIdentity): LegacyVerdict {
  const recorded = Date.parse(record.started_at);
  if (Number.isNaN(recorded)) return { match: false, reason: `started_at ${record.started_at} is not a date` };
  const osStart = startTimeToDate(identity.startTime);
  if (!osStart) return { match: false, reason: 'the process start time cannot be read as a date' };
  const apartMs = Math.abs(osStart.getTime() - recorded);
  if (apartMs > LEGACY_START_TOLERANCE_MS)
    return {
      match: false,
      reason: `pid ${record.pid} started ${(apartMs / 1000).toFixed(1)} s away from started_at (over ${LEGACY_START_TOLERANCE_MS / 1000} s): not the recorded process`,
    };
  const command = identity.argv?.join(' ') ?? identity.command;
  if (!record.script_path || !command.includes(record.script_path))
    return { match: false, reason: `the command line of pid ${record.pid} does not contain ${record.script_path}` };
  return {
    match: true,
    reason: `legacy match: started within ${apartMs} ms of started_at and runs ${record.script_path}`,
  };
}

/**
 * Is a legacy owner (the Script Kit app, which writes a bare pid) alive? Only a PID-file holder
 * without an owner_id counts: a Lifeline instance there is never the owner of a legacy record.
 */
export async function legacyOwnerAlive(layout: StateLayout): Promise<{ alive: boolean; reason: string }> {
  let holder: Awaited<ReturnType<ReturnType<typeof openPidFile>['read']>>;
  try {
    holder = await openPidFile(layout.pidFile).read();
  } catch {
    holder = null;
  }
  if (!holder || holder.owner_id || holder.pid === process.pid)
    return { alive: false, reason: 'no legacy owner holds the PID file' };
  const state = await holderLiveness(holder);
  return state === 'alive'
    ? { alive: true, reason: `the legacy owner ${holder.pid} holding ${layout.pidFile} is alive` }
    : { alive: false, reason: `the legacy owner ${holder.pid} is ${state}` };
}
