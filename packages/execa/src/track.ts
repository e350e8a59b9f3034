import { type AdoptedProcess, CoreError, type ProcessManager } from '@lifeline/core';
import type { ResultPromise } from 'execa';
import { isError, type KillSettings, signalName } from './options';

/**
 * Hand a subprocess execa just started to the manager, and route every way it can be ended
 * through the manager: `subprocess.kill()` — which execa's own `timeout`, `cancelSignal`,
 * `maxBuffer` and error paths call too — ends the whole tree (snapshot first, then the group,
 * then our escalation), not the leader alone. The subprocess stays execa's own object: its
 * promise, streams, `pipe`, IPC and result are untouched.
 */
export function track(
  subprocess: ResultPromise,
  manager: ProcessManager,
  settings: KillSettings,
  scriptPath: string,
): Promise<AdoptedProcess> | null {
  const execaKill = subprocess.kill.bind(subprocess) as (signal?: unknown, error?: unknown) => boolean;
  const alive = () => subprocess.pid !== undefined && subprocess.exitCode === null && subprocess.signalCode === null;
  // A failed spawn (ENOENT…) has no pid: execa rejects its promise itself, there is nothing to track.
  if (subprocess.pid === undefined) return null;
  const adopted = manager.adopt(subprocess, { scriptPath });
  // Not trackable (the manager is shutting down, the state directory is unusable): never left
  // running untracked — execa's own kill(error) ends it and rejects its promise with the cause.
  adopted.catch((error: unknown) => {
    // A subprocess that already exited (a zombie node has not reaped yet: fast programs on a busy
    // machine) has nothing left to track or end; execa reports its own result for it.
    if (CoreError.isInstance(error) && error.code === 'ERR_NOT_RUNNING') return;
    if (alive()) execaKill(error);
  });
  subprocess.kill = ((signalOrError?: unknown, errorArgument?: unknown): boolean => {
    const [rawSignal, error] = isError(signalOrError) ? [undefined, signalOrError] : [signalOrError, errorArgument];
    const signal = rawSignal === undefined ? settings.signal : signalName(rawSignal);
    if (rawSignal === 0) return execaKill(0, error); // a probe: nothing to end
    if (signal === null) return execaKill(rawSignal, error); // execa throws its own TypeError
    // Let execa validate the error argument and reject its promise with it; signal 0 sends
    // nothing and arms no timer of its own.
    if (error !== undefined) execaKill(0, error);
    if (!alive()) return false;
    adopted.then((handle) => handle.kill({ signal, graceMs: settings.graceMs })).catch(() => undefined);
    return true;
  }) as ResultPromise['kill'];
  return adopted;
}
