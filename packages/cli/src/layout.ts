import { homedir } from 'node:os';
import { join } from 'node:path';
import type { StateLayout } from '@lifeline/persistence';

/**
 * The same computation as persistence's resolveLayout (a test keeps them equal). Why a copy:
 * importing @lifeline/persistence evaluates zod, which alone costs more than the whole
 * `lifeline ps` start-up budget, and ps only needs the file names. Commands that write state
 * go through core, which uses persistence itself.
 */
export function layoutFor(
  preset: 'lifeline' | 'scriptkit',
  stateDir: string | undefined,
  env: NodeJS.ProcessEnv,
): StateLayout {
  const names =
    preset === 'scriptkit'
      ? { pid: 'script-kit.pid', registry: 'active-bun-pids.json', log: 'script-kit-gpui.jsonl' }
      : { pid: 'lifeline.pid', registry: 'active-pids.json', log: 'lifeline.jsonl' };
  const dir = stateDir ?? (env.LIFELINE_HOME || undefined) ?? defaultDir(preset, env);
  const logsDir = join(dir, 'logs');
  return {
    preset,
    stateDir: dir,
    registryFile: join(dir, names.registry),
    pidFile: join(dir, names.pid),
    logsDir,
    logFile: join(logsDir, names.log),
    ownersDir: join(dir, 'owners'),
  };
}

/** env-paths('lifeline', { suffix: '' }).data, which persistence uses, without loading it. */
function defaultDir(preset: 'lifeline' | 'scriptkit', env: NodeJS.ProcessEnv): string {
  const home = preset === 'scriptkit' ? env.HOME || homedir() : homedir();
  if (preset === 'scriptkit') return join(home, '.scriptkit');
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', 'lifeline');
  if (process.platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'lifeline', 'Data');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'lifeline');
}
