import type { ChildProcess } from 'node:child_process';
import { capabilities, checkSignalable, identify, identifySync, type ProcessIdentity } from '@lifeline/platform-kill';
import { CoreError, describe } from '../errors';

/** What the caller says the process is, beyond its pid. */
export interface ClaimedIdentity {
  startTime?: string;
  bootId?: string;
}

/**
 * Is this pid something we may take on? Refused with a typed error, before anything is
 * recorded: not an integer (ERR_INVALID_ARGUMENT); pid ≤ 1, ourselves, our group's leader, an
 * ancestor, the guardian, a process we may not signal (ERR_PROTECTED_PID); already tracked
 * (ERR_ALREADY_TRACKED); not running, a zombie included (ERR_NOT_RUNNING); another start time
 * or boot than the caller says, or — for a ChildProcess — not our child (ERR_IDENTITY_MISMATCH).
 * On Linux every read is synchronous (/proc): no I/O wait between the checks and the tracking.
 */
export async function verifyAdoptable(
  pid: number,
  claim: ClaimedIdentity,
  context: { tracked: boolean; guardianPid: number | null; handle: ChildProcess | null },
): Promise<ProcessIdentity> {
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0)
    throw new CoreError('ERR_INVALID_ARGUMENT', `pid must be a positive integer, got ${describe(pid)}`);
  // A handle's pid is checked below to be our own child, which none of the protected pids can be;
  // checkSignalable reads our whole ancestor chain, so only a bare pid pays for it.
  const protectedWhy =
    (context.handle ? null : checkSignalable(pid)) ??
    (pid === context.guardianPid ? "it is this manager's guardian" : null);
  if (protectedWhy) throw new CoreError('ERR_PROTECTED_PID', `cannot adopt pid ${pid}: ${protectedWhy}`);
  if (context.tracked) throw new CoreError('ERR_ALREADY_TRACKED', `pid ${pid} is already tracked by this manager`);
  const identity = capabilities.platform === 'linux' ? readSync(pid) : await identify(pid).catch(() => null);
  if (!identity || identity.state === 'zombie' || identity.state === 'dead')
    throw new CoreError(
      'ERR_NOT_RUNNING',
      `cannot adopt pid ${pid}: ${identity ? 'it has exited (zombie)' : 'no such process'}`,
    );
  if (claim.startTime !== undefined && claim.startTime !== identity.startTime)
    throw new CoreError(
      'ERR_IDENTITY_MISMATCH',
      `cannot adopt pid ${pid}: its start time is ${identity.startTime}, not ${claim.startTime} (the pid was reused)`,
    );
  if (claim.bootId !== undefined && identity.bootId !== null && claim.bootId !== identity.bootId)
    throw new CoreError(
      'ERR_IDENTITY_MISMATCH',
      `cannot adopt pid ${pid}: it belongs to another boot (${identity.bootId})`,
    );
  // node still holds the handle (no exit seen), so the pid cannot have been reused: it must be our child.
  if (context.handle && identity.ppid !== process.pid)
    throw new CoreError(
      'ERR_IDENTITY_MISMATCH',
      `cannot adopt pid ${pid}: the ChildProcess is not a child of this process`,
    );
  if (!context.handle && !signalPermitted(pid))
    throw new CoreError(
      'ERR_PROTECTED_PID',
      `cannot adopt pid ${pid}: not permitted to signal it (another user's process)`,
    );
  return identity;
}

function readSync(pid: number): ProcessIdentity | null {
  try {
    return identifySync(pid);
  } catch {
    return null;
  }
}

/** Signal 0 delivers nothing: it only asks whether we could. */
function signalPermitted(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'EPERM';
  }
}

/** Validate the caller's claim: strings when given. */
export function checkClaim(options: { startTime?: unknown; bootId?: unknown }): ClaimedIdentity {
  for (const key of ['startTime', 'bootId'] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'string' || value === ''))
      throw new CoreError(
        'ERR_INVALID_ARGUMENT',
        `${key} must be a non-empty string as platform-kill's identify() reports it, got ${describe(value)}`,
      );
  }
  return options as ClaimedIdentity;
}
