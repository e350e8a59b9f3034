import type { ProcessRecord } from '../types';

/**
 * A record in Script Kit's own format, `{ pid, script_path, started_at }`: no owner and no start
 * time. Only these may be judged by core's legacy match rule; a record that names an owner but
 * lacks its start time or boot id is a Lifeline record whose identity cannot be verified.
 * Every reader (core's cleanup, listTracked and kill; `lifeline ps`) asks here.
 */
export function isLegacyRecord(record: Pick<ProcessRecord, 'owner' | 'start_time'>): boolean {
  return !record.owner && !record.start_time;
}
