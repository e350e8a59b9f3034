import type { ProcessManager } from '@lifeline/core';
import { execaCommand as baseCommand, execa as baseExeca, execaNode as baseNode, $ as baseScript } from 'execa';
import { trackedMethod } from './method';

type Fn = (...args: unknown[]) => unknown;

/** execa's async methods, each tracked by one manager. */
export interface TrackedExeca {
  execa: typeof baseExeca;
  $: typeof baseScript;
  execaNode: typeof baseNode;
  execaCommand: typeof baseCommand;
}

/**
 * execa's methods with every subprocess tracked by `manager` (or by the manager the function
 * returns when first needed): its own process group, LIFELINE_OWNER, a durable record, and
 * ended with its whole tree by `kill()`, `timeout`, `cancelSignal` and the manager's
 * kill/killAll/shutdown/guardian. The host starts and shuts down its manager.
 */
export function createExeca(manager: ProcessManager | (() => ProcessManager)): TrackedExeca {
  const get = typeof manager === 'function' ? manager : () => manager;
  const wrap = <T>(base: T) => trackedMethod(base as unknown as Fn, get) as unknown as T;
  return {
    execa: wrap(baseExeca),
    $: wrap(baseScript),
    execaNode: wrap(baseNode),
    execaCommand: wrap(baseCommand),
  };
}
