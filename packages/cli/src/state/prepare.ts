import { chmod, mkdir, open, stat } from 'node:fs/promises';
import type { StateLayout } from '@lifeline/persistence';

/**
 * For a command that runs children (`run`): the state directory created if missing (0700,
 * persistence's checks: not a symlink, ours), and the log directory and lifecycle log created
 * private (0700 / 0600) before core's logger opens the log — its own would be 0755 / 0644.
 */
export async function prepareStateDir(layout: StateLayout): Promise<void> {
  const { ensureStateDir } = await import('@lifeline/persistence');
  await ensureStateDir(layout.stateDir);
  await mkdir(layout.logsDir, { recursive: true, mode: 0o700 });
  await tighten(layout.logsDir, 0o700);
  const handle = await open(layout.logFile, 'a', 0o600);
  await handle.close();
  await tighten(layout.logFile, 0o600);
}

/** An existing file of ours made private; someone else's is left alone (doctor reports it). */
async function tighten(path: string, mode: number): Promise<void> {
  if (process.platform === 'win32') return;
  const info = await stat(path);
  if ((info.mode & 0o777) !== mode && info.uid === process.getuid?.()) await chmod(path, mode);
}
