import { PlatformKillError } from '../../errors';
import type { ProcessState } from '../../types';

/** The fields of /proc/<pid>/stat we use (proc(5) numbering in the comments). */
export interface StatFields {
  pid: number; // 1
  comm: string; // 2
  state: ProcessState; // 3, normalised
  ppid: number; // 4
  pgrp: number; // 5
  session: number; // 6
  utime: number; // 14, clock ticks
  stime: number; // 15, clock ticks
  /** Field 22: clock ticks since boot, kept as the decimal string the kernel wrote. */
  startTime: string;
}

const STATES: Record<string, ProcessState> = {
  R: 'running',
  S: 'sleeping',
  D: 'disk-sleep',
  T: 'stopped',
  t: 'stopped',
  Z: 'zombie',
  X: 'dead',
  x: 'dead',
  I: 'idle',
};

export function linuxState(letter: string): ProcessState {
  return STATES[letter] ?? 'unknown';
}

/**
 * Parses one /proc/<pid>/stat line. The comm field (2) is wrapped in parentheses but may
 * itself contain spaces and ')' — a process can name itself `a) b (c` — so the fields after
 * it are found by splitting at the LAST ')', never by splitting the whole line on spaces.
 */
export function parseStat(text: string): StatFields {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) {
    throw new PlatformKillError('ERR_PARSE_FAILED', `unexpected /proc stat line: ${JSON.stringify(text.slice(0, 80))}`);
  }
  const rest = text
    .slice(close + 2)
    .trim()
    .split(' ');
  // rest[0] is field 3, so field N is rest[N - 3].
  const field = (n: number): string => {
    const value = rest[n - 3];
    if (value === undefined) {
      throw new PlatformKillError(
        'ERR_PARSE_FAILED',
        `/proc stat line has no field ${n}: ${JSON.stringify(text.slice(0, 80))}`,
      );
    }
    return value;
  };
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    state: linuxState(field(3)),
    ppid: Number(field(4)),
    pgrp: Number(field(5)),
    session: Number(field(6)),
    utime: Number(field(14)),
    stime: Number(field(15)),
    startTime: field(22),
  };
}
