import { basename } from 'node:path';
import { CoreError, type ProcessManager } from '@lifeline/core';
import type { ResultPromise } from 'execa';
import { forcedOptions, isPlainObject, isTemplate, killSettings, merge, type Options } from './options';
import { rewirePipe } from './pipe';
import { track } from './track';

type Fn = (...args: unknown[]) => unknown;

/**
 * One of execa's async methods (execa, $, execaNode, execaCommand), tracked. Every call shape
 * execa knows is kept: `m(options)` binds (returns a tracked method), `m(file, args?, options?)`
 * and m`template` start a subprocess. The caller's bound options are remembered here too, for the
 * kill settings (killSignal, forceKillAfterDelay) execa does not expose; ours are applied last.
 */
export function trackedMethod(base: Fn, manager: () => ProcessManager, bound: Options = {}): Fn {
  const method: Fn = (first?: unknown, ...rest: unknown[]) => {
    if (isPlainObject(first)) return trackedMethod(base(first) as Fn, manager, { ...bound, ...first });
    const owner = manager();
    const forced = forcedOptions(owner.ownerId);
    let subprocess: ResultPromise;
    let effective = bound;
    let file: unknown = first;
    if (isTemplate(first)) {
      subprocess = (base(forced) as Fn)(first, ...rest) as ResultPromise;
    } else {
      const [second, third] = rest;
      // Anything but (file, args?, options?) is a misuse execa reports itself (it starts nothing).
      if (second !== undefined && !Array.isArray(second) && !isPlainObject(second)) return base(first, ...rest);
      const args = Array.isArray(second) ? second : [];
      const options = (isPlainObject(second) ? second : isPlainObject(third) ? third : {}) as Options;
      effective = { ...bound, ...options };
      subprocess = base(first, args, merge(options, forced)) as ResultPromise;
    }
    if (isTemplate(first)) file = subprocess.spawnfile;
    track(subprocess, owner, killSettings(effective), scriptPathOf(file, subprocess));
    rewirePipe(subprocess as unknown as { pipe: Fn }, method);
    return subprocess;
  };
  // A synchronous subprocess blocks the event loop until it is gone: it can be neither recorded
  // nor ended, so the tracked methods have no .sync / .s (execa's own still do).
  const refuseSync = () => {
    throw new CoreError(
      'ERR_INVALID_ARGUMENT',
      'a synchronous execa call cannot be tracked (it blocks until the subprocess is gone): import execaSync / $.sync from execa itself',
    );
  };
  return Object.assign(method, { sync: refuseSync, s: refuseSync });
}

function scriptPathOf(file: unknown, subprocess: ResultPromise): string {
  if (typeof file === 'string') return file;
  if (file instanceof URL) return file.pathname;
  return subprocess.spawnfile ? basename(subprocess.spawnfile) : 'execa';
}
