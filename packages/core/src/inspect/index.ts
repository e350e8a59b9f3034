/**
 * `@lifeline/core/inspect`: look at (and end) what other owners left in a state directory,
 * without being an owner: no PID file, no owner file, no signal handlers, no event log, no
 * spawning code loaded. This is what `lifeline ps`, `status`, `kill` and `cleanup` need.
 */
import { randomBytes } from 'node:crypto';
import type { LayoutPreset, StateLayout } from '@lifeline/persistence';
import { CoreError, describe } from '../errors';
import { layoutFrom } from '../manager/options';
import { checkGraceMs } from '../manager/validate';
import { RegistryLink } from '../registry/link';
import { cleanupOrphans as sweepOrphans } from '../sweep/cleanup';
import type {
  CleanupResult,
  KillOptions,
  ManagerEvents,
  StateStatus,
  TrackedKillResult,
  TrackedProcess,
} from '../types';
import type { InspectContext } from './context';
import { status } from './status';
import { killTracked, listTracked } from './tracked';

export interface InspectorOptions {
  stateDir?: string;
  layout?: LayoutPreset | StateLayout;
  env?: NodeJS.ProcessEnv;
  /** Grace between the graceful and the force signal. Default 3000 ms. */
  graceMs?: number;
  /** Told of each cleanup event (orphan-found, orphan-killed, orphan-skipped, error). */
  onEvent?<K extends keyof ManagerEvents>(event: K, payload: ManagerEvents[K]): void;
}

export interface Inspector {
  readonly layout: StateLayout;
  listTracked(): Promise<TrackedProcess[]>;
  killTracked(pids: number[], options?: KillOptions): Promise<TrackedKillResult[]>;
  status(): Promise<StateStatus>;
  cleanupOrphans(options?: { dryRun?: boolean }): Promise<CleanupResult>;
  close(): Promise<void>;
}

export function openInspector(options: InspectorOptions = {}): Inspector {
  const layout = layoutFrom(options);
  const graceMs = checkGraceMs(options.graceMs) ?? 3000;
  const ctx: InspectContext = {
    ownerId: `ll-inspect-${randomBytes(4).toString('hex')}`,
    layout,
    graceMs,
    registry: new RegistryLink(layout),
  };
  const emit = options.onEvent ?? (() => undefined);
  return {
    layout,
    listTracked: () => listTracked(ctx),
    killTracked: (pids, killOptions = {}) => {
      if (!Array.isArray(pids))
        throw new CoreError('ERR_INVALID_ARGUMENT', `pids must be an array of pids, got ${describe(pids)}`);
      return killTracked(ctx, pids, killOptions);
    },
    status: () => status(ctx),
    cleanupOrphans: async (cleanup = {}) =>
      sweepOrphans(
        // Not an owner: no tag of its own (it spawns nothing).
        {
          ownerId: ctx.ownerId,
          layout,
          graceMs,
          emit,
          tag: '',
          self: async () => ({ id: ctx.ownerId, pid: process.pid }),
        },
        ctx.registry,
        new Set(),
        cleanup.dryRun === true,
      ),
    close: () => ctx.registry.close(() => undefined),
  };
}

export type { InspectContext };
