import type { SendResult, SendTo } from '../adapter';
import { PlatformKillError } from '../errors';
import type { KillFunction } from '../types';

/**
 * Delivers a signal with process.kill (or the injected equivalent) — never the `kill` binary.
 * A group is signalled as kill(-pgid); the guards in terminate/ have already approved it, and
 * the check here is a last line of defence against a negative or tiny number slipping through.
 */
export function sendUnix(kill: KillFunction, to: SendTo, signal: NodeJS.Signals): SendResult {
  const id = 'pgid' in to ? to.pgid : to.pid;
  if (!Number.isSafeInteger(id) || id <= 1) {
    throw new PlatformKillError('ERR_PROTECTED_PID', `refusing to signal ${'pgid' in to ? 'group' : 'pid'} ${id}`);
  }
  try {
    kill('pgid' in to ? -id : id, signal);
    return { ok: true };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'UNKNOWN';
    if (code === 'ESRCH') return { ok: false, gone: true };
    return { ok: false, error: { code, message: (error as Error).message } };
  }
}

/** kill(pid, 0): true when a process holds the pid. EPERM means it exists but is not ours: alive. */
export function existsByKill(kill: KillFunction, pid: number): boolean {
  try {
    kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
