import { readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { StateLayout } from '@lifeline/persistence';
import { forceKillSync, type TerminateTarget } from '@lifeline/platform-kill';
import type { Context } from './context';

/**
 * The synchronous path for when the process is exiting now (process.exit, a fatal signal
 * signal-exit saw, a second Ctrl-C): no grace is possible, so send the force signal to every
 * child's tree, pinned to its identity. Records stay in the file; the next start cleans them.
 */
export function forceKillRemaining(ctx: Context): void {
  const targets: TerminateTarget[] = [];
  for (const entry of ctx.entries.values()) {
    const identity = entry.info.identity;
    if (!entry.exit)
      targets.push({
        pid: entry.info.pid,
        expect: identity ? { pid: identity.pid, startTime: identity.startTime, bootId: identity.bootId } : undefined,
        tree: true,
      });
    else if (entry.info.pgid !== null) targets.push({ pgid: entry.info.pgid, tree: true });
  }
  if (targets.length === 0) return;
  try {
    forceKillSync(targets);
  } catch {
    // exiting anyway; the next start's orphan cleanup is the fallback
  }
}

/** Remove our PID file (only if we took it and it still names us) and our owner file, synchronously. */
export function releaseFilesSync(layout: StateLayout, ownerId: string, pidFileHeld: boolean): void {
  if (pidFileHeld) {
    try {
      const firstLine = readFileSync(layout.pidFile, 'utf8').split('\n', 1)[0]?.trim();
      if (Number(firstLine) === process.pid) unlinkSync(layout.pidFile);
    } catch {
      // absent or unreadable: nothing to release
    }
  }
  try {
    unlinkSync(join(layout.ownersDir, `${ownerId}.json`));
  } catch {
    // absent
  }
}
