/**
 * Reads taskkill's answer. Message texts are those printed by taskkill.exe on English Windows
 * (and quoted in Microsoft's taskkill documentation and support articles):
 *   SUCCESS: Sent termination signal to the process with PID 4242, child of PID 4100.
 *   SUCCESS: The process with PID 4242 (child process of PID 4100) has been terminated.
 *   ERROR: The process "4242" not found.                                   (exit code 128)
 *   ERROR: The process with PID 4242 (child process of PID 4100) could not be terminated.
 *   Reason: This process can only be terminated forcefully (with /F option).   (exit code 1)
 * Texts are localised, so the exit code decides; the text is only kept for the report.
 */
export type TaskkillResult = { kind: 'ok' } | { kind: 'not-found' } | { kind: 'error'; message: string };

export function parseTaskkill(result: { stdout: string; stderr: string; exitCode: number }): TaskkillResult {
  if (result.exitCode === 0) return { kind: 'ok' };
  if (result.exitCode === 128) return { kind: 'not-found' };
  const message = `${result.stderr}\n${result.stdout}`.trim().replace(/\s+/g, ' ');
  return { kind: 'error', message: message || `taskkill exited ${result.exitCode}` };
}
