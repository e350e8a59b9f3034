import { checkKillOptions } from '../manager/validate';
import type { ManagedProcess } from '../types';
import type { Child } from './child';

/** The handle callers hold: a Child's facts and promises, with `child` being node's handle (or null for a bare pid). */
export function handleOf<P>(managed: Child, process: P): Omit<ManagedProcess, 'child'> & { child: P } {
  const { info } = managed;
  return {
    pid: info.pid,
    get pgid() {
      return info.pgid;
    },
    info,
    child: process,
    ready: managed.ready,
    wait: () => managed.done,
    kill: async (options) => managed.kill(checkKillOptions(options)), // bad options reject, never throw
  };
}
