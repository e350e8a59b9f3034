import type { StateLayout, VerifyHolder } from '@lifeline/persistence';

export interface StaleFile {
  kind: 'pid-file' | 'owner-file';
  path: string;
  pid: number;
  /** Removed (false in a dry run, or when someone took the file over meanwhile). */
  removed: boolean;
}

/**
 * After orphan cleanup: the main PID file and owners/<id>.json files whose holder is verified
 * gone (pid + start time) are what a crash leaves besides processes, and what keeps `status`
 * unhealthy. Each is removed only if it still names the same dead holder.
 */
export async function removeStaleFiles(layout: StateLayout, dryRun: boolean): Promise<StaleFile[]> {
  const [{ openOwners, openPidFile }, { holderLiveness }] = await Promise.all([
    import('@lifeline/persistence'),
    import('@lifeline/platform-kill'),
  ]);
  const verify: VerifyHolder = holderLiveness;
  const found: StaleFile[] = [];
  const pidFile = openPidFile(layout.pidFile, { readOnly: dryRun });
  const holder = await pidFile.read().catch(() => null);
  if (holder && (await verify(holder)) !== 'alive') {
    const removed = !dryRun && (await pidFile.remove({ pid: holder.pid, start_time: holder.start_time ?? null }));
    found.push({ kind: 'pid-file', path: layout.pidFile, pid: holder.pid, removed });
  }
  // A dry run moves nothing; an owners/ that cannot be read fails the command (never "no owners").
  const owners = openOwners(layout.ownersDir, { readOnly: dryRun });
  for (const info of (await owners.scan()).owners) {
    if ((await verify(info)) === 'alive') continue;
    const removed = !dryRun && (await owners.remove(info.id));
    found.push({ kind: 'owner-file', path: `${layout.ownersDir}/${info.id}.json`, pid: info.pid, removed });
  }
  return found;
}
