import { hostname } from 'node:os';
import { identify, liveness } from '@lifeline/platform-kill';
import { isPid } from '../pid';
import type { VerifyHolder } from '../types';

/** Who holds a lock: enough to tell later whether that process is still the one running. */
export interface HolderIdentity {
  pid: number;
  /** OS start time as platform-kill reports it (ProcessIdentity.startTime); null when it could not be read. */
  start_time: string | null;
  /** The boot id (Linux); null where the platform gives none. */
  boot_id: string | null;
  /** Liveness is only judged for holders on this host (a state dir on a network share is possible). */
  hostname: string;
}

let own: Promise<HolderIdentity> | undefined;

/** This process's identity, read once through platform-kill. */
export function ownIdentity(): Promise<HolderIdentity> {
  own ??= identify(process.pid).then(
    (me) => ({
      pid: process.pid,
      start_time: me?.startTime ?? null,
      boot_id: me?.bootId ?? null,
      hostname: hostname(),
    }),
    () => ({ pid: process.pid, start_time: null, boot_id: null, hostname: hostname() }),
  );
  return own;
}

/** A persisted holder (snake_case, as in our files) as the identity platform-kill compares. */
export function expectedIdentity(holder: { pid: number; start_time?: string | null; boot_id?: string | null }) {
  return { pid: holder.pid, startTime: holder.start_time ?? null, bootId: holder.boot_id ?? null };
}

/**
 * The default liveness check for lock and PID-file holders: platform-kill's `liveness`, so
 * persistence judges identity by the same rule as every other package and reads no process
 * table itself. It only inspects (it never signals). A pid that is not one (≤ 1, past 2³¹−1)
 * names no holder: 'gone', never probed.
 */
export const defaultVerifyHolder: VerifyHolder = async (holder) =>
  isPid(holder.pid) ? liveness(holder.pid, expectedIdentity(holder)) : 'gone';
