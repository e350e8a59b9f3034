import type { OwnerRecord, ProcessRecord } from '@lifeline/persistence';
import type { ProcessIdentity } from '@lifeline/platform-kill';
import type { ProcessInfo } from '../types';

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
    ...(info.cgroup ? { cgroup: info.cgroup } : {}),
    ...(info.output ? { output: info.output } : {}),
  };
}
