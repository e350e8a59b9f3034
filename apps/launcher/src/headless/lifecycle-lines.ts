import { basename, extname } from 'node:path';
import type { ManagerEvents } from '@lifeline/core';
import type { ProcessRecord } from '@lifeline/persistence';
import type { ManagerPort } from '../manager-port';
import { describeExit, describeReport } from '../outcome';

/** One lifecycle line: an event name and flat fields (printed as text or as one JSON object). */
export interface LifecycleLine {
  event: string;
  [field: string]: string | number | boolean | null | undefined;
}

export type LineSink = (line: LifecycleLine) => void;

/** Text form: `12:00:01.234 exited       pid=123 script=crash code=3`. */
export function formatText(line: LifecycleLine, now = new Date()): string {
  const { event, message, ...fields } = line;
  const time = now.toISOString().slice(11, 23);
  const parts = Object.entries(fields)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${key}=${typeof value === 'string' && /\s/.test(value) ? JSON.stringify(value) : value}`);
  if (message) parts.push(String(message));
  return `${time} ${event.padEnd(14)} ${parts.join(' ')}`.trimEnd();
}

/** JSONL form: one object per line with an ISO time. */
export function formatJson(line: LifecycleLine, now = new Date()): string {
  return JSON.stringify({ time: now.toISOString(), ...line });
}

const scriptName = (path: string) => basename(path, extname(path));

/** What to call an orphan: its name, else its script, else its command line shortened. */
function orphanName(record: ProcessRecord): string {
  if (record.name) return record.name;
  const command = record.script_path;
  if (!/\s/.test(command)) return scriptName(command);
  const [program = '', ...rest] = command.split(' ');
  const short = `${basename(program)} ${rest.join(' ')}`;
  return short.length > 48 ? `${short.slice(0, 47)}…` : short;
}

/** How long an exit waits for its registration line before it is printed anyway. */
const HOLD_MS = 1000;

/**
 * Turn core's manager events into lifecycle lines. Returns a function that stops listening.
 * The pid → script map comes from 'spawned', so later events can name the script. A script
 * that exits before its record is durable would print `exited` before `registered`: its exit
 * (and unregistration) lines wait for the registration (at most HOLD_MS), so lines read in order.
 */
export function followManager(manager: ManagerPort, lineSink: LineSink): () => void {
  const names = new Map<number, string>();
  const name = (pid: number) => names.get(pid);
  const registered = new Set<number>();
  const held = new Map<number, { lines: LifecycleLine[]; timer: NodeJS.Timeout }>();
  const release = (pid: number) => {
    const entry = held.get(pid);
    if (!entry) return;
    held.delete(pid);
    clearTimeout(entry.timer);
    for (const line of entry.lines) lineSink(line);
  };
  const sink: LineSink = (line) => {
    const pid = typeof line.pid === 'number' ? line.pid : undefined;
    if (pid === undefined || !names.has(pid)) return lineSink(line);
    if (line.event === 'registered') {
      registered.add(pid);
      lineSink(line);
      return release(pid);
    }
    const waiting = held.get(pid);
    if (waiting) waiting.lines.push(line);
    else if (line.event === 'exited' && !registered.has(pid)) {
      const timer = setTimeout(() => release(pid), HOLD_MS);
      timer.unref();
      held.set(pid, { lines: [line], timer });
    } else lineSink(line);
  };
  const handlers: { [K in keyof ManagerEvents]?: (payload: ManagerEvents[K]) => void } = {
    spawned: (e) => {
      names.set(e.pid, scriptName(e.scriptPath));
      sink({ event: 'spawned', pid: e.pid, pgid: e.pgid, script: name(e.pid) });
    },
    registered: (e) => sink({ event: 'registered', pid: e.pid, script: name(e.pid) ?? e.record.name }),
    exited: (e) =>
      sink({
        event: 'exited',
        pid: e.pid,
        script: name(e.pid) ?? scriptName(e.scriptPath),
        code: e.exitCode,
        signal: e.signal,
        durationMs: e.durationMs,
        message: describeExit(e.exitCode, e.signal),
      }),
    unregistered: (e) => sink({ event: 'unregistered', pid: e.pid, script: name(e.pid) }),
    signalled: (e) => sink({ event: 'signalled', pid: e.pid, pgid: e.pgid, script: name(e.pid), signal: e.signal }),
    escalated: (e) =>
      sink({ event: 'escalated', pid: e.pid, pgid: e.pgid, script: name(e.pid), signal: e.signal, afterMs: e.afterMs }),
    killed: (e) => sink({ event: 'killed', pid: e.pid, script: name(e.pid), message: describeReport(e.report, e.pid) }),
    'orphan-found': (e) => sink({ event: 'orphan-found', pid: e.pid, script: orphanName(e.record) }),
    'orphan-killed': (e) =>
      sink({
        event: 'orphan-killed',
        pid: e.pid,
        script: orphanName(e.record),
        message: describeReport(e.report, e.pid),
      }),
    'orphan-skipped': (e) =>
      sink({ event: 'orphan-skipped', pid: e.pid, script: orphanName(e.record), reason: e.reason }),
    'guardian-started': (e) => sink({ event: 'guardian-started', pid: e.pid }),
    'guardian-lost': (e) => sink({ event: 'guardian-lost', pid: e.pid, code: e.exitCode, signal: e.signal }),
    shutdown: (e) => sink({ event: 'shutdown', reason: e.reason, durationMs: Math.round(e.durationMs) }),
    error: (e) => sink({ event: 'error', context: e.context, message: e.error.message }),
  };
  // Each handler matches its event by construction; the emitter's generic signature cannot see that.
  const entries = Object.entries(handlers) as [keyof ManagerEvents, (payload: never) => void][];
  const on = manager.on.bind(manager) as (event: string, listener: (payload: never) => void) => unknown;
  const off = manager.off.bind(manager) as (event: string, listener: (payload: never) => void) => unknown;
  for (const [event, handler] of entries) on(event, handler);
  return () => {
    for (const [event, handler] of entries) off(event, handler);
    for (const pid of [...held.keys()]) release(pid);
  };
}
