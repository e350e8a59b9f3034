import type { CleanupResult, OrphanEntry } from '@lifeline/core';
import { openLayoutPidFile } from '@lifeline/persistence';
import { LauncherError } from './errors';
import type { ManagerPort } from './manager-port';

export interface StartupReport {
  cleanup: CleanupResult;
  /** The startup sequence as the user sees it, one line per step. */
  lines: string[];
}

/**
 * The spec's startup sequence, done by core's start(): 1. end orphans of a previous crash,
 * 2. take the PID file (single instance), 3. install shutdown handling (and the guardian).
 * Here it is turned into lines the user reads. A live holder of the PID file becomes
 * LauncherError ERR_INSTANCE_RUNNING naming its pid.
 */
export async function startLauncher(manager: ManagerPort, options: { guardian: boolean }): Promise<StartupReport> {
  let cleanup: CleanupResult;
  try {
    ({ cleanup } = await manager.start());
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_INSTANCE_RUNNING') throw await instanceRunning(manager, error);
    throw error;
  }
  const { layout } = manager;
  const lines = [
    ...describeCleanup(cleanup),
    `2. PID file ${layout.pidFile} taken (pid ${process.pid}, owner ${manager.ownerId})`,
    `3. shutdown handling installed: quitting, Ctrl-C, SIGTERM or SIGHUP end every child first`,
  ];
  if (options.guardian)
    lines.push(
      manager.guardianPid
        ? `   guardian pid ${manager.guardianPid} ends the children if the launcher is killed`
        : '   guardian requested but not running (this core build has none)',
    );
  else lines.push('   guardian off (--no-guardian): after a kill -9, orphans are ended at the next start');
  return { cleanup, lines };
}

/** "1. orphan cleanup: …" plus one line per process found. */
export function describeCleanup(cleanup: CleanupResult): string[] {
  const { entries } = cleanup;
  const ms = Math.round(cleanup.durationMs);
  if (entries.length === 0) return [`1. orphan cleanup: no orphans from a previous run (${ms} ms)`];
  const lines = [
    `1. orphan cleanup: found ${entries.length} leftover process${entries.length === 1 ? '' : 'es'} from a previous run, ended ${cleanup.killed} (${ms} ms)`,
  ];
  for (const entry of entries.slice(0, 8)) lines.push(`   ${describeOrphan(entry)}`);
  if (entries.length > 8) lines.push(`   … and ${entries.length - 8} more (see the lifecycle log)`);
  if (cleanup.corruption)
    lines.push(`   registry was corrupt (${cleanup.corruption.reason}); moved to ${cleanup.corruption.quarantinedTo}`);
  return lines;
}

function describeOrphan(entry: OrphanEntry): string {
  const what =
    entry.record?.name ?? entry.record?.script_path ?? (entry.source === 'owner-tag' ? 'tagged process' : '?');
  const how: Record<OrphanEntry['decision'], string> = {
    killed: 'ended',
    'would-kill': 'would end',
    'already-gone': 'already gone',
    reused: 'pid reused by another program: left alone',
    'owner-alive': 'its launcher is still running: left alone',
    'not-ours': 'not ours: left alone',
    unverified: 'cannot be proven to be ours: left alone',
    refused: 'refused',
    failed: 'could not be ended',
  };
  const forced = entry.report?.escalated ? ', needed SIGKILL' : '';
  return `pid ${entry.pid} ${what}: ${how[entry.decision]}${forced}${entry.reason && entry.decision !== 'killed' ? ` (${entry.reason})` : ''}`;
}

async function instanceRunning(manager: ManagerPort, error: unknown): Promise<LauncherError> {
  let holder = '';
  try {
    const content = await openLayoutPidFile(manager.layout).read();
    if (content) holder = ` (pid ${content.pid}${content.owner_id ? `, owner ${content.owner_id}` : ''})`;
  } catch {
    // the core message still says it
  }
  // One sentence: core's own message says the same thing again, so it stays the cause only.
  return new LauncherError(
    'ERR_INSTANCE_RUNNING',
    `another launcher${holder} is already running on state dir ${manager.layout.stateDir}; quit it first, or pass --state-dir <another dir>`,
    { cause: error },
  );
}
