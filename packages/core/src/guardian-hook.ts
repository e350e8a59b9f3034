import type { ProcessRecord } from '@lifeline/persistence';
import type { Context } from './context';

/**
 * GUARDIAN HOOK — intentionally not implemented here; the guardian issue builds it.
 *
 * Contract (docs/ARCHITECTURE.md): start() with `guardian: true` spawns dist/guardian.js
 * detached, with a stdin pipe only this owner holds; the owner streams registry changes to it
 * as JSON lines ({ type: 'add', record } / { type: 'remove', pid, start_time }), and sends
 * { type: 'shutdown' } before a clean exit. EOF without that line means the owner died: the
 * guardian ends every tree it knows of plus LIFELINE_OWNER-tagged processes.
 *
 * The manager already calls this link at the right places: startGuardian() in start() after
 * the PID and owner files are written, notify() on every registered / unregistered record,
 * stop() in shutdown() after the children are gone. Replace the body of createGuardianLink.
 */
export interface GuardianLink {
  /** The guardian's pid once running (also written to the PID file and owners/<id>.json). */
  readonly pid: number | null;
  start(): Promise<void>;
  notify(
    change: { type: 'add'; record: ProcessRecord } | { type: 'remove'; pid: number; start_time: string | null },
  ): void;
  stop(): Promise<void>;
}

export function createGuardianLink(_ctx: Context, enabled: boolean): GuardianLink {
  return {
    pid: null,
    async start() {
      if (!enabled) return;
      // TODO(guardian issue): spawn the guardian here and set pid.
    },
    notify() {
      // TODO(guardian issue): write the change as one JSON line to the guardian's stdin.
    },
    async stop() {
      // TODO(guardian issue): send {"type":"shutdown"}, close stdin, wait for the guardian to exit.
    },
  };
}
