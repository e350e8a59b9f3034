import { getDefaultManager, type ProcessManager } from '@lifeline/core';
import { createExeca, type TrackedExeca } from './create';

/**
 * The process-wide default manager, started on first use: orphans of earlier runs are cleaned
 * up, and shutdown handling is installed (SIGINT/SIGTERM/SIGHUP and the exit hook end every
 * tracked tree — what execa's `cleanup` does for an attached subprocess, which a detached one
 * no longer gets from execa). It never takes the main PID file: that belongs to a launcher.
 * A host that wants other options creates the default manager first (getDefaultManager(options)).
 */
let started: ProcessManager | null = null;

function defaultManager(): ProcessManager {
  const manager = getDefaultManager({ pidFile: false });
  if (started !== manager) {
    started = manager;
    manager.start().catch((error: unknown) => {
      // Subprocesses are still recorded as each starts; when the state directory is what failed,
      // each call's own record fails too, and that subprocess is ended with the cause (track.ts).
      process.emitWarning(`@lifeline/execa could not start the default manager: ${(error as Error).message}`);
    });
  }
  return manager;
}

const tracked = createExeca(defaultManager);
export const execa: TrackedExeca['execa'] = tracked.execa;
export const $: TrackedExeca['$'] = tracked.$;
export const execaNode: TrackedExeca['execaNode'] = tracked.execaNode;
export const execaCommand: TrackedExeca['execaCommand'] = tracked.execaCommand;
