import type { KillFunction } from '../types';
import type { MemberSignal } from './types';

/**
 * One member, one signal, after the caller's checks: `refused` (protected, with the reason),
 * `sent`, `gone` (ESRCH: it exited meanwhile) or `failed` (any other errno).
 */
export function signalOne(
  kill: KillFunction,
  pid: number,
  signal: NodeJS.Signals,
  refused: string | null,
): MemberSignal {
  if (refused) return { pid, outcome: 'refused', reason: refused };
  try {
    kill(pid, signal);
    return { pid, outcome: 'sent' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'UNKNOWN';
    return code === 'ESRCH' ? { pid, outcome: 'gone', reason: 'exited' } : { pid, outcome: 'failed', reason: code };
  }
}
