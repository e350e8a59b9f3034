/**
 * Who holds a lock, a lock-break marker or (with PidFileContent) the PID file, and how we tell
 * whether that process still runs: platform-kill's identity and liveness, nothing of our own.
 */
import { hostname } from 'node:os';
import type { VerifyHolder } from './types';
import { type HolderIdentity, isPid } from './validate/fast';

type PlatformKill = typeof import('@lifeline/platform-kill');
let loading: Promise<PlatformKill> | undefined;

/**
 * platform-kill, imported on first need: a reader (`lifeline ps` loading the registry) never
 * judges a holder, so it does not pay for the import. Writers need it for their own identity.
 */
function platformKill(): Promise<PlatformKill> {
  loading ??= import('@lifeline/platform-kill');
  return loading;
}

let own: Promise<HolderIdentity> | undefined;

/** This process's identity, read once through platform-kill. */
export function ownIdentity(): Promise<HolderIdentity> {
  own ??= platformKill()
    .then(({ identify }) => identify(process.pid))
    .then(
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

/**
 * The default liveness check for lock and PID-file holders: platform-kill's `holderLiveness`, the
 * one identity rule with the answer every holder check needs (a holder whose identity cannot be
 * proven counts as alive, so a file is never taken from a process that may still hold it).
 * persistence reads no process table itself and only inspects (it never signals). A pid that is
 * not one (≤ 1, past 2³¹−1) names no holder: 'gone', never probed.
 */
export const defaultVerifyHolder: VerifyHolder = async (holder) =>
  isPid(holder.pid) ? (await platformKill()).holderLiveness(holder) : 'gone';

/** Do two persisted holders name the same process? platform-kill's `sameProcess` decides. */
export async function sameHolder(
  a: { pid: number; start_time?: string | null; boot_id?: string | null },
  b: { pid: number; start_time?: string | null; boot_id?: string | null },
): Promise<boolean> {
  const { sameProcess, expectedFromRecord } = await platformKill();
  return sameProcess(expectedFromRecord(a), expectedFromRecord(b));
}
