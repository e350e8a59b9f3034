import type { OwnerRecord, ProcessRecord } from '@lifeline/persistence';
import type { ExpectedIdentity, ProcessIdentity } from '@lifeline/platform-kill';
import type { ProcessInfo } from './types';

/** The persisted form of a child: Script Kit's three fields plus identity, group, command and owner. */
export function toRecord(info: ProcessInfo, identity: ProcessIdentity, owner: OwnerRecord): ProcessRecord {
  return {
    pid: info.pid,
    script_path: info.scriptPath,
    started_at: info.startedAt.toISOString(),
    pgid: identity.pgid ?? info.pgid,
    start_time: identity.startTime,
    boot_id: identity.bootId,
    command: info.command,
    owner,
    name: info.name,
  };
}

/** The identity a record pins, or null for a legacy record (no start time). */
export function expectedOf(record: { pid: number; start_time?: string | null; boot_id?: string | null }) {
  if (!record.start_time) return null;
  return { pid: record.pid, startTime: record.start_time, bootId: record.boot_id ?? null } satisfies ExpectedIdentity;
}

export function expectedOfIdentity(identity: ProcessIdentity): ExpectedIdentity {
  return { pid: identity.pid, startTime: identity.startTime, bootId: identity.bootId };
}
