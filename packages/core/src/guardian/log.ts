import { writeSync } from 'node:fs';
import { hostname } from 'node:os';

export type GuardianLog = (event: string, fields?: Record<string, unknown>, level?: 'info' | 'warn' | 'error') => void;

const LEVELS = { info: 30, warn: 40, error: 50 } as const;

/**
 * The guardian's JSONL lines, in the shape of the manager's pino lines (level, time, pid,
 * hostname, owner, event, msg, …; plus by: 'guardian' and guardianPid), written synchronously to
 * the log file the owner opened and checked (persistence's prepareLogFile: 0600, never through a
 * symlink) and handed down as an inherited fd: the guardian never opens a path. O_APPEND keeps
 * lines whole next to pino's. A line must be on disk before the guardian exits.
 */
export function createLog(fd: number | null, owner: string): GuardianLog {
  if (fd === null) return () => undefined;
  const host = hostname();
  let broken = false;
  return (event, fields = {}, level = 'info') => {
    if (broken) return;
    const line = `${JSON.stringify({
      level: LEVELS[level],
      time: new Date().toISOString(),
      pid: process.pid,
      hostname: host,
      owner,
      event,
      msg: event,
      by: 'guardian',
      guardianPid: process.pid,
      // As in the manager's lines, `pid` names the subject (a child) when there is one.
      ...fields,
    })}\n`;
    try {
      writeSync(fd, line);
    } catch {
      broken = true; // a log we cannot write must never stop the guardian's work
    }
  };
}
