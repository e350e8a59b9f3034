import { isAbsolute, normalize } from 'node:path';
import type { ProcessRecord, StateLayout } from '@lifeline/persistence';
import { openLayoutPidFile } from '@lifeline/persistence';
import { holderLiveness, type ProcessIdentity } from '@lifeline/platform-kill';
import { legacyHolder } from './owner-rule';
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
 *  2. one of its arguments is the record's script_path, as a whole argument: the path must be
 *     absolute and is compared normalised (`/a/./b.ts` = `/a/b.ts`), never as a substring, so
 *     `/a/b.ts` does not match a process running `/a/b.ts.bak`, and a relative `b.ts` matches nothing.
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
  const script = record.script_path;
  if (!script || !isAbsolute(script))
    return { match: false, reason: `script_path ${JSON.stringify(script)} is not an absolute path: nothing to match` };
  const wanted = normalize(script);
  if (!runsAsArgument(identity, wanted))
    return { match: false, reason: `no argument of pid ${record.pid} is ${script}` };
  return {
    match: true,
    reason: `legacy match: started within ${apartMs} ms of started_at and runs ${record.script_path}`,
  };
}

/**
 * Linux gives the exact argument vector. Where only the joined command line exists (macOS `ps`),
 * the path must stand between spaces (or the ends): still a whole argument, never a prefix of one.
 */
function runsAsArgument(identity: ProcessIdentity, wanted: string): boolean {
  if (identity.argv) return identity.argv.some((arg) => isAbsolute(arg) && normalize(arg) === wanted);
  return ` ${identity.command} `.includes(` ${wanted} `);
}

/**
 * Is a legacy owner (the Script Kit app, which writes a bare pid) alive? Only a PID-file holder
 * without an owner_id counts (owner-rule.ts legacyHolder): a Lifeline instance there is never the
 * owner of a legacy record. holderLiveness counts an unverifiable holder as alive (the rule's holds()).
 */
export async function legacyOwnerAlive(layout: StateLayout): Promise<{ alive: boolean; reason: string }> {
  let holder: Awaited<ReturnType<ReturnType<typeof openLayoutPidFile>['read']>>;
  try {
    holder = await openLayoutPidFile(layout).read();
  } catch {
    holder = null;
  }
  const legacy = legacyHolder(holder);
  if (!legacy) return { alive: false, reason: 'no legacy owner holds the PID file' };
  const state = await holderLiveness(legacy);
  return state === 'alive'
    ? { alive: true, reason: `the legacy owner ${legacy.pid} holding ${layout.pidFile} is alive` }
    : { alive: false, reason: `the legacy owner ${legacy.pid} is ${state}` };
}
