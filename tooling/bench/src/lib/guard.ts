/**
 * The check a suite makes right before it hands pids to a peer that signals them for us.
 * fkill runs the `kill` binary (`kill -9 -- <pid>`), and our safety rule forbids our own code from
 * shelling out to kill; so every pid fkill (or tree-kill) gets must pass this first: a safe integer
 * > 1, not this process, not one of its ancestors, not the leader of our own process group, and
 * carrying this suite's own LIFELINE_OWNER tag (owner ids are random per run, so nothing else
 * can carry it). It throws rather than skip, so a refused pid fails the suite loudly.
 */
import { readFileSync } from 'node:fs';
import { readOwnerTag } from '@lifeline/test-utils';

/** Fields 4 (ppid) and 5 (pgrp) of /proc/<pid>/stat, or undefined when the pid is gone. */
function statIds(pid: number | 'self'): { ppid: number; pgrp: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), pgrp: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

/** This process and every ancestor up to pid 1, read once (they do not change while we run). */
const protectedPids: Set<number> = (() => {
  const pids = new Set<number>([process.pid, 0, 1]);
  for (let pid = process.ppid; pid > 1 && !pids.has(pid); pid = statIds(pid)?.ppid ?? 0) pids.add(pid);
  const ownGroup = statIds('self')?.pgrp;
  if (ownGroup) pids.add(ownGroup);
  return pids;
})();

/** Returns `pid` when it is safe to hand to a peer that signals it; throws otherwise. */
export function ownedPid(pid: number, owner: string): number {
  if (!Number.isSafeInteger(pid) || pid <= 1) throw new Error(`refusing pid ${pid}: expected an integer > 1`);
  if (protectedPids.has(pid)) throw new Error(`refusing pid ${pid}: it is us, our group or an ancestor`);
  const tag = readOwnerTag(pid);
  if (tag !== owner) throw new Error(`refusing pid ${pid}: owner tag ${JSON.stringify(tag)}, expected ${owner}`);
  return pid;
}
