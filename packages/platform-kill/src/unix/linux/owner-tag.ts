import { snapshotLinux } from './snapshot';

/**
 * Live (non-zombie) processes whose environment carries LIFELINE_OWNER=<ownerId>, read from
 * /proc/<pid>/environ. That file shows the environment the process started with, which is what
 * an owner tag is: set at spawn and inherited by everything the process starts. The pass is the
 * snapshot's (snapshot.ts), asked for one tag and no pids.
 */
export function findByOwnerTag(ownerId: string): number[] {
  return snapshotLinux({ pids: [], tags: [ownerId] }).tagged.get(ownerId) ?? [];
}
