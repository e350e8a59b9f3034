import { OWNER_ENV } from '../../owner-env';
import { findEnv } from './parse-proc-files';
import { listPids, readText, statOrNull } from './proc';

/**
 * Live (non-zombie) processes whose environment carries LIFELINE_OWNER=<ownerId>, read from
 * /proc/<pid>/environ. That file shows the environment the process started with, which is what
 * an owner tag is: set at spawn and inherited by everything the process starts.
 */
export function findByOwnerTag(ownerId: string): number[] {
  const found: number[] = [];
  for (const pid of listPids()) {
    if (pid === process.pid) continue;
    const raw = readText(`/proc/${pid}/environ`);
    if (raw === null || findEnv(raw, OWNER_ENV) !== ownerId) continue;
    const state = statOrNull(pid)?.state;
    if (state === undefined || state === 'zombie' || state === 'dead') continue;
    found.push(pid);
  }
  return found;
}
