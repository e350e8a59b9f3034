import type { StateLayout } from '@lifeline/persistence';
import type { TerminateReport } from '@lifeline/platform-kill';
import type { RegistryLink } from '../registry/link';
import type { KillOptions } from '../types';

/** What inspecting a state directory needs: where it is, and (from a manager) its own children. */
export interface InspectContext {
  /** The asking instance's id: its own owner is always counted alive. */
  readonly ownerId: string;
  readonly layout: StateLayout;
  readonly graceMs: number;
  readonly registry: RegistryLink;
  /** From a manager: end one of its own live children (null when the pid is not one). */
  killOwn?(pid: number, options: KillOptions): Promise<TerminateReport> | null;
}
