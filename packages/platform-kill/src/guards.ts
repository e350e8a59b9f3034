import type { SelfInfo } from './adapter';
import { describe } from './errors';

/**
 * Why a pid must never be signalled, or null when it may be (given a verified identity).
 * Protected: anything that is not a positive integer, pid 1 (init) and below, this process,
 * the leader of this process's group, and every ancestor (ending a parent ends us, or worse,
 * the shell session around us).
 */
export function protectedReason(pid: unknown, self: SelfInfo): string | null {
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) {
    return `not a positive integer pid (got ${describe(pid)})`;
  }
  if (pid <= 1) return 'pid 1 is init; it is never signalled';
  if (pid === self.pid) return 'it is this process';
  if (pid === self.pgid) return "it leads this process's own process group";
  if (self.ancestors.has(pid)) return 'it is an ancestor of this process';
  return null;
}

/** Why a process group must never be signalled as a whole, or null. */
export function protectedGroupReason(pgid: number, self: SelfInfo): string | null {
  if (!Number.isSafeInteger(pgid) || pgid <= 1) return `process group ${pgid} is not a signallable group`;
  if (pgid === self.pgid) return "it is this process's own process group";
  if (self.ancestors.has(pgid)) return 'it is led by an ancestor of this process';
  return null;
}
