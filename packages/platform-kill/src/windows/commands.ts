import { PlatformKillError } from '../errors';

/**
 * The exact commands the Windows adapter runs. Both tools are located through %SystemRoot%,
 * never PATH (a taskkill.exe planted earlier on PATH must not be what we run).
 *
 * Process table (identity, descendants, resource use), in Windows PowerShell 5.1 or later:
 *
 *   Get-CimInstance -ClassName Win32_Process [-Filter "ProcessId=<pid> OR ProcessId=<pid> …"] |
 *     Select-Object ProcessId,ParentProcessId,Name,CommandLine,
 *       @{Name='CreationDate';Expression={$_.CreationDate.ToUniversalTime().ToString('o')}},
 *       WorkingSetSize,KernelModeTime,UserModeTime |
 *     ConvertTo-Json -Compress
 *
 * CreationDate is formatted explicitly ('o' = round-trip ISO 8601, 100 ns resolution) because
 * ConvertTo-Json's own DateTime rendering differs between PowerShell 5.1 (`\/Date(ms)\/`) and 7.
 */

/** A drive-absolute Windows directory: `C:\Windows`, `D:/WinRoot`; no `.`/`..` segments. */
const DRIVE_ABSOLUTE = /^[A-Za-z]:[\\/](?:[^\\/:*?"<>|\0]+(?:[\\/][^\\/:*?"<>|\0]+)*)?[\\/]?$/;

/**
 * %SystemRoot%, which must be drive-absolute. A missing, relative (`Windows`, `C:Windows`),
 * rooted-without-drive (`\Windows`), UNC (`\\server\share`) or `..`-bearing value is refused with
 * ERR_INVALID_SYSTEM_ROOT: there is no fallback to `C:\Windows`, whose taskkill may not be the
 * system's. Environment names are case-insensitive on Windows, so any spelling is found.
 */
export function systemRoot(env: Record<string, string | undefined>): string {
  const key = Object.keys(env).find((k) => k.toLowerCase() === 'systemroot');
  const value = key === undefined ? undefined : env[key];
  const segments = (value ?? '').split(/[\\/]/);
  if (value === undefined || !DRIVE_ABSOLUTE.test(value) || segments.some((s) => s === '.' || s === '..')) {
    throw new PlatformKillError(
      'ERR_INVALID_SYSTEM_ROOT',
      `SystemRoot must be a drive-absolute directory such as "C:\\Windows" to locate taskkill.exe and powershell.exe, got ${JSON.stringify(value ?? null)}`,
    );
  }
  return value.replace(/[\\/]+$/, '');
}

export const powershellPath = (env: Record<string, string | undefined>): string =>
  `${systemRoot(env)}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`;

export const taskkillPath = (env: Record<string, string | undefined>): string =>
  `${systemRoot(env)}\\System32\\taskkill.exe`;

const SELECT =
  "Select-Object ProcessId,ParentProcessId,Name,CommandLine,@{Name='CreationDate';Expression={$_.CreationDate.ToUniversalTime().ToString('o')}},WorkingSetSize,KernelModeTime,UserModeTime";

/** The table command; with pids, only those processes (a WQL filter: pids are integers we validated). */
export function cimScript(pids?: number[]): string {
  const filter = pids === undefined ? '' : ` -Filter "${pids.map((pid) => `ProcessId=${pid}`).join(' OR ')}"`;
  return `Get-CimInstance -ClassName Win32_Process${filter} | ${SELECT} | ConvertTo-Json -Compress`;
}

export const powershellArgs = (script: string): string[] => ['-NoProfile', '-NonInteractive', '-Command', script];

/**
 * taskkill /PID <pid> asks one process to close; /F forces it. Never /T: taskkill would follow
 * ParentProcessId links itself, which may name a reused pid's stranger, and each process a
 * signal reaches must be one we re-verified (terminate/ sends one taskkill per member).
 */
export const taskkillArgs = (pid: number, force: boolean): string[] =>
  force ? ['/PID', String(pid), '/F'] : ['/PID', String(pid)];
