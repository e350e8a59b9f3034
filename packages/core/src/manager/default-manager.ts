import type { ManagerOptions } from '../types';
import { ProcessManager } from './manager';

/** Kept on globalThis under a registered symbol, so two copies of the package share one default manager. */
const KEY = Symbol.for('lifeline.core.default-manager');
type Holder = { [KEY]?: ProcessManager };

/** An independent manager (its own state dir, owner id, log). Tests and multi-instance hosts use these. */
export function createManager(options?: ManagerOptions): ProcessManager {
  return new ProcessManager(options);
}

/**
 * The process-wide manager, created on first use (Script Kit's global PROCESS_MANAGER).
 * Options apply only to the call that creates it; later calls return the same instance.
 */
export function getDefaultManager(options?: ManagerOptions): ProcessManager {
  const holder = globalThis as Holder;
  holder[KEY] ??= new ProcessManager(options);
  return holder[KEY];
}
