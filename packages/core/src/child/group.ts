/**
 * Does a child's process group still have members? Probed with signal 0, which delivers
 * nothing. Only for a group we created: a detached child leads a new group whose id is its pid,
 * so it is never ours, our group or an ancestor's (those pids were taken while the child was
 * created). Linux never hands out a pid that is still in use as a group id, so while members
 * remain the number still names our group. platform-kill's checkSignalable is not consulted
 * here: it re-reads our whole ancestor chain from /proc on every call (~0.2 ms a child, the
 * largest per-child cost measured), and a probe cannot harm anyone. Every real signal goes
 * through platform-kill's terminate, which applies every guard.
 */
export function groupHasMembers(pid: number, pgid: number | null): boolean {
  if (pgid === null || pgid !== pid || pgid <= 1 || pgid === process.pid) return false;
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    // EPERM: members exist that we may not signal; ESRCH: the group is empty.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
