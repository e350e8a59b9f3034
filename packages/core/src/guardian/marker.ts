import { readFileSync } from 'node:fs';
import { GUARDIAN_ENV } from '../protocol/owner-child';

/**
 * Is this pid a Lifeline guardian (env LIFELINE_GUARDIAN=1)? Linux only (/proc/<pid>/environ),
 * which is also the only platform where owner-tag sweeps exist, the only place this is asked.
 */
export function isGuardianProcess(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${GUARDIAN_ENV}=1`);
  } catch {
    return false;
  }
}
