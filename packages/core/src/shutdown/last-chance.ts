import { readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { StateLayout } from '@lifeline/persistence';

/** Remove our PID file (only if we took it and it still names us) and our owner file, synchronously. */
export function releaseFilesSync(layout: StateLayout, ownerId: string, pidFileHeld: boolean): void {
  if (pidFileHeld) {
    try {
      const firstLine = readFileSync(layout.pidFile, 'utf8').split('\n', 1)[0]?.trim();
      if (Number(firstLine) === process.pid) {
        unlinkSync(layout.pidFile);
        if (layout.pidIdentityFile) unlinkSync(layout.pidIdentityFile);
      }
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
