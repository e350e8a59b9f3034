import type { OwnerRecord, StateLayout } from '@lifeline/persistence';
import type { ManagerEvents } from './types';

export type Emit = <K extends keyof ManagerEvents>(event: K, payload: ManagerEvents[K]) => void;

/**
 * What one owner instance is, as its parts (children, instance files, guardian link, sweeps)
 * need to know it: read-only facts and an event sink. Built once by the manager; nothing in it
 * calls back into the manager.
 */
export interface Owner {
  readonly ownerId: string;
  readonly layout: StateLayout;
  readonly graceMs: number;
  /** This instance's LIFELINE_TAG prefix (`<dir>.<secret>.`, sweep/owner-tag.ts); its children append a key. */
  readonly tag: string;
  /** Emit a typed event (listeners and the lifecycle log). */
  readonly emit: Emit;
  /** This instance's own identity, as records carry it. */
  self(): Promise<OwnerRecord>;
}
