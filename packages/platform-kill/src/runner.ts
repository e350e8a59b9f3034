import { execFile, execFileSync } from 'node:child_process';
import { PlatformKillError } from './errors';
import type { CommandOptions, CommandRunner, CommandRunnerSync } from './types';

const MAX_BUFFER = 64 * 1024 * 1024;

function envFor(options?: CommandOptions): NodeJS.ProcessEnv | undefined {
  return options?.env ? { ...process.env, ...options.env } : undefined;
}

/**
 * The default runner: execFile, never a shell. A non-zero exit is returned, not thrown —
 * `ps -p` exits 1 for "no such process" and taskkill 128 for "not found", and the
 * adapters read those as answers. Only a command that cannot run at all throws.
 */
export const defaultRunner: CommandRunner = (file, args, options) =>
  new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      { encoding: 'utf8', maxBuffer: MAX_BUFFER, windowsHide: true, env: envFor(options) },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        if (error && typeof code !== 'number') {
          reject(
            new PlatformKillError('ERR_COMMAND_FAILED', `could not run ${file}: ${error.message}`, { cause: error }),
          );
          return;
        }
        resolve({ stdout, stderr, exitCode: typeof code === 'number' ? code : 0 });
      },
    );
  });

/** Synchronous twin of defaultRunner, for forceKillSync only. */
export const defaultRunnerSync: CommandRunnerSync = (file, args, options) => {
  try {
    const stdout = execFileSync(file, [...args], {
      encoding: 'utf8',
      maxBuffer: MAX_BUFFER,
      windowsHide: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: envFor(options),
    });
    return { stdout, stderr: '', exitCode: 0 };
  } catch (error) {
    const e = error as { status?: unknown; stdout?: unknown; stderr?: unknown; message?: string };
    if (typeof e.status !== 'number') {
      throw new PlatformKillError('ERR_COMMAND_FAILED', `could not run ${file}: ${e.message}`, { cause: error });
    }
    return { stdout: String(e.stdout ?? ''), stderr: String(e.stderr ?? ''), exitCode: e.status };
  }
};
