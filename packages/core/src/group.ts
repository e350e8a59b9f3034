import { checkSignalable } from '@lifeline/platform-kill';
import type { Entry } from './context';

/**
 * Does the child's process group still have members? Probed with signal 0, which delivers
 * nothing. Only for a group we created (a detached child leads a group whose id is its pid)
 * and never for a protected id (ours, our group, our ancestors: platform-kill's checkSignalable).
 * Linux never hands out a pid that is still in use as a group id, so while members remain
 * the number still names our group.
 */
export function groupHasMembers(entry: Entry): boolean {
  const pgid = entry.info.pgid;
  if (pgid === null || pgid !== entry.info.pid || pgid <= 1 || pgid === process.pid) return false;
  if (checkSignalable(pgid) !== null) return false;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    // EPERM: members exist that we may not signal; ESRCH: the group is empty.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
