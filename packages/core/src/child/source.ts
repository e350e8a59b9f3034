import type { ChildProcess } from 'node:child_process';
import type { ProcessIdentity } from '@lifeline/platform-kill';

export type ExitPair = [number | null, NodeJS.Signals | null];

/**
 * Where a Child hears that its process started and that it exited. For a node ChildProcess
 * (ours, or one adopted) that is node's 'spawn' and 'exit' events; for a bare pid adopted from
 * elsewhere, which we cannot wait for, it is a poll of its identity (adoption/poll-exit.ts).
 */
export interface ChildSource {
  /** node's handle when there is one; null for a bare pid. */
  readonly process: ChildProcess | null;
  /** Resolves once the program runs and its identity may be read. */
  readonly started: Promise<void>;
  /** The leader's exit code and signal (both null when only a poll saw it gone). */
  readonly exited: Promise<ExitPair>;
  /** An identity verified before the Child exists (adoption): used as is, never read again. */
  readonly identity?: ProcessIdentity;
  /** Look for the exit now (a poll's next tick may be far): a kill just confirmed the process dead. */
  readonly recheck?: () => void;
}

export function isChildSource(value: ChildProcess | ChildSource): value is ChildSource {
  return 'started' in value && 'exited' in value;
}

/**
 * node's events as a source. Both listeners are attached here, synchronously: node cannot emit
 * either before they exist. `started` already resolved: the handle was adopted after its spawn.
 */
export function fromChildProcess(
  child: ChildProcess,
  options: { started?: boolean; identity?: ProcessIdentity } = {},
): ChildSource {
  return {
    process: child,
    started: options.started ? Promise.resolve() : new Promise((resolve) => child.once('spawn', () => resolve())),
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve([code, signal]))),
    identity: options.identity,
  };
}
