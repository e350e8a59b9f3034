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

/** Fields 3…22 of the line being parsed: where each starts and ends (reused, so a parse allocates no table). */
const STARTS = new Int32Array(23);
const ENDS = new Int32Array(23);
const LAST_FIELD = 22;

/** The integer written in text[from, to): digits read in place, else (a sign, anything odd) as Number() reads it. */
function integer(text: string, from: number, to: number): number {
  if (from === to) return 0; // Number('') — as the split-based parse read an empty field
  let n = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number(text.slice(from, to));
    n = n * 10 + digit;
  }
  return n;
}

/**
 * Parses one /proc/<pid>/stat line. The comm field (2) is wrapped in parentheses but may
 * itself contain spaces and ')' — a process can name itself `a) b (c` — so the fields after
 * it are found from the LAST ')', never by splitting the whole line on spaces. They are walked
 * space by space up to field 22 and only the ones used are cut out: a snapshot parses a line
 * per process, and splitting each into its 50 fields was most of that cost.
 */
export function parseStat(text: string): StatFields {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 1 || close < open) {
    throw new PlatformKillError('ERR_PARSE_FAILED', `unexpected /proc stat line: ${JSON.stringify(text.slice(0, 80))}`);
  }
  let end = text.length;
  while (end > close && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 32)) end--;
  let at = close + 2;
  let field = 3;
  for (; field <= LAST_FIELD && at <= end; field++) {
    const space = text.indexOf(' ', at);
    const stop = space === -1 || space > end ? end : space;
    STARTS[field] = at;
    ENDS[field] = stop;
    at = stop + 1;
  }
  if (field <= LAST_FIELD) {
    throw new PlatformKillError(
      'ERR_PARSE_FAILED',
      `/proc stat line has no field ${field}: ${JSON.stringify(text.slice(0, 80))}`,
    );
  }
  const slice = (n: number) => text.slice(STARTS[n], ENDS[n]);
  const int = (n: number) => integer(text, STARTS[n] as number, ENDS[n] as number);
  return {
    pid: Number(text.slice(0, open).trim()),
    comm: text.slice(open + 1, close),
    state: linuxState(slice(3)),
    ppid: int(4),
    pgrp: int(5),
    session: int(6),
    utime: int(14),
    stime: int(15),
    startTime: slice(22),
  };
}
