import { readFileSync } from 'node:fs';
import type { VerifyHolder } from '../../src/types';

/** OS start time (clock ticks since boot, /proc/<pid>/stat field 22) and state letter, or null when gone. */
export function procInfo(pid: number): { state: string; startTime: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] as string, startTime: fields[19] as string };
  } catch {
    return null;
  }
}

/** The liveness check core would inject (platform-kill's); here a /proc reader that signals nothing. */
export const procVerify: VerifyHolder = async (holder) => {
  const info = procInfo(holder.pid);
  if (!info) return 'gone';
  if (info.state === 'Z' || info.state === 'X') return 'zombie';
  if (holder.start_time != null && holder.start_time !== info.startTime) return 'reused';
  return 'alive';
};
