import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { MAX_PID } from '../pid';
import type { VerifyHolder } from '../types';

/** Who holds a lock: enough to tell later whether that process is still the one running. */
export interface HolderIdentity {
  pid: number;
  /** OS start time (clock ticks since boot, /proc/<pid>/stat field 22); null where it cannot be read. */
  start_time: string | null;
  /** /proc/sys/kernel/random/boot_id; null off Linux. */
  boot_id: string | null;
  /** Liveness is only judged for holders on this host (a state dir on a network share is possible). */
  hostname: string;
}

/** State letter and start time of `pid` from /proc, or null when there is no such process (or no /proc). */
export function readProcStat(pid: number): { state: string; startTime: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // comm (field 2) may contain spaces and parentheses: split after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const state = fields[0];
    const startTime = fields[19];
    return state && startTime ? { state, startTime } : null;
  } catch {
    return null;
  }
}

function readBootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'latin1').trim() || null;
  } catch {
    return null;
  }
}

const hasProc = process.platform === 'linux' && readProcStat(process.pid) !== null;
let own: HolderIdentity | undefined;

/** This process's identity (computed once). */
export function ownIdentity(): HolderIdentity {
  own ??= {
    pid: process.pid,
    start_time: hasProc ? (readProcStat(process.pid)?.startTime ?? null) : null,
    boot_id: hasProc ? readBootId() : null,
    hostname: hostname(),
  };
  return own;
}

/**
 * The default liveness check for lock holders (core may inject platform-kill's instead). On
 * Linux it only reads /proc: no entry = gone, state Z/X = zombie, another start time = reused,
 * another boot = gone. Elsewhere it asks `kill(pid, 0)`, which delivers no signal: ESRCH = gone,
 * EPERM = alive (someone else's process). It never probes pid <= 1 or a pid that would wrap.
 */
export const localVerifyHolder: VerifyHolder = async (holder) => {
  const { pid } = holder;
  if (!Number.isInteger(pid) || pid < 2 || pid > MAX_PID) return 'gone';
  const me = ownIdentity();
  if (holder.boot_id && me.boot_id && holder.boot_id !== me.boot_id) return 'gone';
  if (hasProc) {
    const info = readProcStat(pid);
    if (!info) return 'gone';
    if (info.state === 'Z' || info.state === 'X') return 'zombie';
    if (holder.start_time != null && holder.start_time !== info.startTime) return 'reused';
    return 'alive';
  }
  if (pid === process.pid) return 'alive';
  try {
    process.kill(pid, 0);
    return 'alive';
  } catch (error) {
    return (error as { code?: unknown }).code === 'ESRCH' ? 'gone' : 'alive';
  }
};
