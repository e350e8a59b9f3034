/**
 * The exact commands the Windows adapter runs. Both tools are located through %SystemRoot%,
 * never PATH (a taskkill.exe planted earlier on PATH must not be what we run).
 *
 * Process table (identity, descendants, resource use), in Windows PowerShell 5.1 or later:
 *
 *   Get-CimInstance -ClassName Win32_Process [-Filter "ProcessId=<pid>"] |
 *     Select-Object ProcessId,ParentProcessId,Name,CommandLine,
 *       @{Name='CreationDate';Expression={$_.CreationDate.ToUniversalTime().ToString('o')}},
 *       WorkingSetSize,KernelModeTime,UserModeTime |
 *     ConvertTo-Json -Compress
 *
 * CreationDate is formatted explicitly ('o' = round-trip ISO 8601, 100 ns resolution) because
 * ConvertTo-Json's own DateTime rendering differs between PowerShell 5.1 (`\/Date(ms)\/`) and 7.
 */
export function systemRoot(env: Record<string, string | undefined>): string {
  return env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows';
}

export const powershellPath = (env: Record<string, string | undefined>): string =>
  `${systemRoot(env)}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe`;

export const taskkillPath = (env: Record<string, string | undefined>): string =>
  `${systemRoot(env)}\\System32\\taskkill.exe`;

const SELECT =
  "Select-Object ProcessId,ParentProcessId,Name,CommandLine,@{Name='CreationDate';Expression={$_.CreationDate.ToUniversalTime().ToString('o')}},WorkingSetSize,KernelModeTime,UserModeTime";

export function cimScript(pid?: number): string {
  const filter = pid === undefined ? '' : ` -Filter "ProcessId=${pid}"`;
  return `Get-CimInstance -ClassName Win32_Process${filter} | ${SELECT} | ConvertTo-Json -Compress`;
}

export const powershellArgs = (script: string): string[] => ['-NoProfile', '-NonInteractive', '-Command', script];

/** taskkill /PID <pid> /T asks the whole tree to close; /F forces it. */
export const taskkillArgs = (pid: number, force: boolean): string[] =>
  force ? ['/PID', String(pid), '/T', '/F'] : ['/PID', String(pid), '/T'];
