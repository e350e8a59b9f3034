import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's starttime. 100 on every Linux we support (getconf CLK_TCK). */
const CLK_TCK = 100;
let bootTimeMs: number | null | undefined;

function linuxBootTimeMs(): number | null {
  if (bootTimeMs !== undefined) return bootTimeMs;
  try {
    const match = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'latin1'));
    bootTimeMs = match ? Number(match[1]) * 1000 : null;
  } catch {
    bootTimeMs = null;
  }
  return bootTimeMs;
}

/**
 * Wall-clock time of an OS start time (platform-kill's opaque ProcessIdentity.startTime).
 * Linux: ticks since boot → btime + ticks/CLK_TCK (btime has 1 s resolution);
 * Windows: CIM datetime `yyyymmddHHMMSS.ffffff±UUU` (offset in minutes); macOS: ISO 8601.
 * Only the legacy match rule uses it, with a tolerance of seconds.
 */
export function startTimeToDate(startTime: string): Date | null {
  if (/^\d+$/.test(startTime)) {
    const boot = linuxBootTimeMs();
    return boot === null ? null : new Date(boot + (Number(startTime) * 1000) / CLK_TCK);
  }
  const cim = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\.(\d{3})\d*([+-]\d{3})$/.exec(startTime);
  if (cim) {
    const [, y, mo, d, h, mi, s, ms, offset] = cim.map(Number) as number[];
    const utc = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!, ms!) - offset! * 60_000;
    return new Date(utc);
  }
  const parsed = Date.parse(startTime);
  return Number.isNaN(parsed) ? null : new Date(parsed);
}
