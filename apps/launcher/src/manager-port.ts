import type { ProcessManager } from '@lifeline/core';

/**
 * The part of core's ProcessManager the launcher uses (docs/ARCHITECTURE.md): the UI and the
 * runners depend on these few members only.
 */
export type ManagerPort = Pick<
  ProcessManager,
  | 'ownerId'
  | 'layout'
  | 'guardianPid'
  | 'graceMs'
  | 'start'
  | 'spawnScript'
  | 'kill'
  | 'killAll'
  | 'shutdown'
  | 'on'
  | 'off'
>;
