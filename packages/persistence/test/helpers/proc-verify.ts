import { identify } from '@lifeline/platform-kill';
import { defaultVerifyHolder } from '../../src/identity';
import type { VerifyHolder } from '../../src/types';

/** A process's OS start time as platform-kill reports it (what our files record), or null when gone. */
export async function startTimeOf(pid: number): Promise<string | null> {
  return (await identify(pid))?.startTime ?? null;
}

/** The liveness check the package uses by default (platform-kill's); it signals nothing. */
export const procVerify: VerifyHolder = defaultVerifyHolder;
