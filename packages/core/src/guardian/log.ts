import { appendFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';

export type GuardianLog = (event: string, fields?: Record<string, unknown>, level?: 'info' | 'warn' | 'error') => void;

const LEVELS = { info: 30, warn: 40, error: 50 } as const;

/**
 * The guardian's JSONL lines, in the shape of the manager's pino lines (level, time, pid,
 * hostname, owner, event, msg, …; plus by: 'guardian' and guardianPid), appended synchronously: the guardian has nothing else to
 * do, and a line must be on disk before it exits. O_APPEND keeps lines whole next to pino's.
 */
export function createLog(file: string | null, owner: string): GuardianLog {
  if (!file) return () => undefined;
  const host = hostname();
  let triedMkdir = false;
  return (event, fields = {}, level = 'info') => {
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
      appendFileSync(file, line, { mode: 0o600 });
    } catch {
      if (triedMkdir) return; // a log we cannot write must never stop the guardian's work
      triedMkdir = true;
      try {
        mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
        appendFileSync(file, line, { mode: 0o600 });
      } catch {
        // give up on this line
      }
    }
  };
}
