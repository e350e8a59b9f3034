import type { ManagerOptions, ProcessManager } from '@lifeline/core';
import type { StateLayout } from '@lifeline/persistence';

/**
 * A core manager over the resolved layout for one command. Commands that only look or end
 * other instances' processes never call start(): they do not take the PID file, write an owner
 * file or install signal handlers. core is imported lazily (it loads execa and pino).
 */
export async function openManager(layout: StateLayout, options: Omit<ManagerOptions, 'layout' | 'stateDir'> = {}) {
  const { createManager } = await import('@lifeline/core');
  return createManager({ handleSignals: false, ...options, layout });
}

/** Lets the manager flush its log and release what it holds; never throws (the command's result matters more). */
export async function closeManager(manager: ProcessManager): Promise<void> {
  // close(): on a manager that never started it only flushes the log and registry (no shutdown
  // event, no sweep of its own owner tag); on a started one it is shutdown().
  await manager.close().catch(() => undefined);
}

/**
 * For the commands that only read (`status`, `doctor`, `cleanup --dry-run`): a manager without a
 * logger over the real state directory. core's inspection paths (status, listTracked, dry runs)
 * are read-only — every path checked, corruption reported and left in place, nothing created —
 * so they see exactly what a real run would (owners/ entries, tags) and change nothing.
 * `toReal` is the identity, kept for the callers written against the former private copy.
 */
export async function withReadOnlyManager<T>(
  layout: StateLayout,
  work: (manager: ProcessManager, toReal: (path: string) => string) => Promise<T>,
): Promise<T> {
  const manager = await openManager(layout, { logger: false });
  try {
    return await work(manager, (path) => path);
  } finally {
    await closeManager(manager);
  }
}
