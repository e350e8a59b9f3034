import { PlatformKillError } from '../../errors';
import type { ProcessIdentity, ProcessState } from '../../types';

/**
 * Parser for `ps -o pid=,ppid=,pgid=,stat=,lstart=,command=` as documented in ps(1) on macOS
 * (and FreeBSD): `=` after each keyword suppresses the header; `lstart` is the start time as
 * `Www Mmm dd hh:mm:ss yyyy` (day space-padded) in the C locale; `command` is the last column
 * and runs to the end of the line, spaces and parentheses included; `stat` starts with one of
 * I R S T U Z followed by flag letters.
 */
const LINE =
  /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+[A-Z][a-z]{2}\s+([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+(\d{4})(?: (.*))?$/;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const STATES: Record<string, ProcessState> = {
  I: 'idle',
  R: 'running',
  S: 'sleeping',
  T: 'stopped',
  U: 'disk-sleep',
  Z: 'zombie',
};

export function darwinState(stat: string): ProcessState {
  return STATES[stat.charAt(0)] ?? 'unknown';
}

/** lstart (local time, second resolution) → ISO 8601 UTC, the opaque startTime we compare. */
export function lstartToIso(month: string, day: string, h: string, m: string, s: string, year: string): string {
  const monthIndex = MONTHS.indexOf(month);
  if (monthIndex < 0) throw new PlatformKillError('ERR_PARSE_FAILED', `ps lstart has an unknown month ${month}`);
  return new Date(Number(year), monthIndex, Number(day), Number(h), Number(m), Number(s)).toISOString();
}

export function parsePsLine(line: string): ProcessIdentity {
  const match = LINE.exec(line);
  if (!match)
    throw new PlatformKillError('ERR_PARSE_FAILED', `unexpected ps line: ${JSON.stringify(line.slice(0, 120))}`);
  const [, pid, ppid, pgid, stat, month, day, h, m, s, year, command = ''] = match as unknown as string[];
  return {
    pid: Number(pid),
    ppid: Number(ppid),
    pgid: Number(pgid),
    sid: null,
    state: darwinState(stat as string),
    startTime: lstartToIso(month as string, day as string, h as string, m as string, s as string, year as string),
    bootId: null,
    command: command.trim(),
  };
}

/** Every non-empty line of ps output, parsed. */
export function parsePs(stdout: string): ProcessIdentity[] {
  const out: ProcessIdentity[] = [];
  for (const line of stdout.split(/\r?\n/)) if (line.trim() !== '') out.push(parsePsLine(line));
  return out;
}

/** `ps -o rss=,time=`: rss in KiB, cpu time as [[dd-]hh:]mm:ss[.cc]. */
export function parseRssTime(stdout: string): { rssBytes: number; cpuSeconds: number } | null {
  const line = stdout.trim();
  if (line === '') return null;
  const [rss, time] = line.split(/\s+/);
  if (rss === undefined || time === undefined) {
    throw new PlatformKillError('ERR_PARSE_FAILED', `unexpected ps rss/time line: ${JSON.stringify(line)}`);
  }
  const [days, clock] = time.includes('-') ? time.split('-') : ['0', time];
  const parts = (clock ?? '').split(':').map(Number);
  let seconds = 0;
  for (const part of parts) seconds = seconds * 60 + part;
  seconds += Number(days) * 86400;
  if (!Number.isFinite(seconds) || !/^\d+$/.test(rss)) {
    throw new PlatformKillError('ERR_PARSE_FAILED', `unexpected ps rss/time line: ${JSON.stringify(line)}`);
  }
  return { rssBytes: Number(rss) * 1024, cpuSeconds: seconds };
}
