import { closeSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import type { ProcessIdentity } from '../../types';
import { parseCmdline, parseVmRss } from './parse-proc-files';
import { parseStat, type StatFields } from './parse-stat';

/** Synchronous /proc readers. Each is a single small read; missing processes read as null. */

let buffer = Buffer.allocUnsafe(16 * 1024);

/**
 * Reads a small /proc file into one reused buffer: open, read until EOF, close. About twice as
 * fast as readFileSync, which stats the file first (/proc reports size 0) and allocates per call —
 * and the tree walk and wait loop do little else but these reads. `line`: the file is one line
 * (stat), which the kernel generates whole on the first read when it fits: a read that ends in
 * a newline without filling the buffer is all of it, and the read that would see EOF is skipped
 * (100 stat reads: 2.3 → 1.3 ms here). Files of many records (environ, children) come a page
 * at a time and are always read to EOF.
 */
export function readText(path: string, line = false): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (line && length < buffer.length && buffer[length - 1] === 0x0a) break;
    }
    return buffer.toString('latin1', 0, length);
  } catch {
    // ESRCH/EACCES mid-read: the process exited or is not ours to read.
    return null;
  } finally {
    closeSync(fd);
  }
}

export function readStat(pid: number): StatFields | null {
  const text = readText(`/proc/${pid}/stat`, true);
  return text === null ? null : parseStat(text);
}

/** readStat that reads a torn or unparsable line as "no such process" (it exited while we read). */
export function statOrNull(pid: number): StatFields | null {
  try {
    return readStat(pid);
  } catch {
    return null;
  }
}

/** Identities (without argv) of those pids that hold a process now: one stat read each. */
export function statIdentities(pids: Iterable<number>): Map<number, ProcessIdentity> {
  const out = new Map<number, ProcessIdentity>();
  for (const pid of pids) {
    if (out.has(pid)) continue;
    const stat = statOrNull(pid);
    if (stat) out.set(pid, identityFromStat(stat));
  }
  return out;
}

let bootId: string | null | undefined;
/** /proc/sys/kernel/random/boot_id, read once: it changes only with a reboot. */
export function readBootId(): string | null {
  if (bootId === undefined) bootId = readText('/proc/sys/kernel/random/boot_id')?.trim() || null;
  return bootId;
}

export function readArgv(pid: number): string[] {
  const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  return parseCmdline(raw);
}

/** Pids of every process (not thread) in /proc. */
export function listPids(): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    const code = name.charCodeAt(0);
    if (code < 48 || code > 57) continue;
    pids.push(Number(name));
  }
  return pids;
}

export function identityFromStat(stat: StatFields, argv?: string[]): ProcessIdentity {
  const identity: ProcessIdentity = {
    pid: stat.pid,
    ppid: stat.ppid,
    pgid: stat.pgrp,
    sid: stat.session,
    state: stat.state,
    startTime: stat.startTime,
    bootId: readBootId(),
    command: argv ? argv.join(' ') : '',
    name: stat.comm,
  };
  if (argv) identity.argv = argv;
  return identity;
}

/** Full identity including the command line (one extra read). */
export function readIdentity(pid: number): ProcessIdentity | null {
  const stat = readStat(pid);
  if (!stat) return null;
  let argv: string[] = [];
  try {
    argv = readArgv(pid);
  } catch {
    // Exited between the two reads, or a kernel thread: the stat line is still a true record.
  }
  return identityFromStat(stat, argv);
}

export function readRssBytes(pid: number): number | null {
  const status = readText(`/proc/${pid}/status`);
  return status === null ? null : parseVmRss(status);
}
