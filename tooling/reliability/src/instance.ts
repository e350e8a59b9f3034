import { type CleanupResult, createManager, type ManagerOptions, type ProcessManager } from '@lifeline/core';
import { makeStateDir, reapOwner } from '@lifeline/test-utils';

/** A manager inside the runner: no signal handling (the runner is not an owner), no log file. */
export function runnerManager(stateDir: string, ownerId: string, extra: Partial<ManagerOptions> = {}): ProcessManager {
  return createManager({ stateDir, ownerId, handleSignals: false, logger: false, graceMs: 300, ...extra });
}

export interface NextInstance {
  manager: ProcessManager;
  cleanup: CleanupResult | null;
  startMs: number;
  error?: Error;
}

/** "Then a new instance starts": start a manager on the dead owner's state dir and time it. */
export async function startNextInstance(stateDir: string, ownerId: string, timeoutMs = 30_000): Promise<NextInstance> {
  const manager = runnerManager(stateDir, ownerId);
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const { cleanup } = await Promise.race([
      manager.start(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`start() did not finish within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { manager, cleanup, startMs: performance.now() - t0 };
  } catch (error) {
    return { manager, cleanup: null, startMs: performance.now() - t0, error: error as Error };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Does core have the guardian yet? Start a manager with `guardian: true` on a scratch state dir
 * and see whether it reports a guardian pid. (Before the guardian issue lands, the hook is a no-op.)
 */
export async function guardianAvailable(ownerId: string): Promise<{ available: boolean; detail: string }> {
  const dir = await makeStateDir('ll-rel-probe-');
  const manager = runnerManager(dir.dir, ownerId, { guardian: true });
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('start() with guardian did not settle within 15 s')), 15_000);
  });
  try {
    await Promise.race([manager.start(), limit]);
    const pid = manager.guardianPid;
    return pid
      ? { available: true, detail: `guardian pid ${pid}` }
      : { available: false, detail: 'guardianPid is null after start()' };
  } catch (error) {
    return { available: false, detail: `start() with guardian failed: ${(error as Error).message}` };
  } finally {
    await Promise.race([manager.shutdown({ graceMs: 0 }), limit]).catch(() => undefined);
    clearTimeout(timer);
    await reapOwner(ownerId).catch(() => undefined);
    await dir.cleanup();
  }
}
