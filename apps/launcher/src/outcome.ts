import type { ProcessReport, TerminateReport } from '@lifeline/platform-kill';

/**
 * One line saying how ending a process went, from platform-kill's report and the signal that
 * was sent first (SIGTERM, or SIGKILL when forced at once): "ended by SIGTERM in 12 ms",
 * "ignored SIGTERM; force-killed (SIGKILL) after 3000 ms", "force-killed (SIGKILL) at once",
 * "ended 4 processes (1 force-killed) in 3004 ms", or what survived.
 */
export function describeReport(report: TerminateReport, leaderPid: number, signal: string = 'SIGTERM'): string {
  const { processes, survivors } = report;
  if (survivors.length > 0) return `could not end ${survivors.length} process(es): ${survivors.join(', ')} still alive`;
  const count = (outcome: ProcessReport['outcome']) => processes.filter((p) => p.outcome === outcome).length;
  const refused = processes.filter((p) => p.outcome === 'refused' || p.outcome === 'failed');
  const leader = processes.find((p) => p.pid === leaderPid);
  const ms = `${Math.round(report.durationMs)} ms`;
  let line: string;
  if (processes.length <= 1 && leader) line = leaderLine(leader, signal);
  else {
    const ended = count('terminated') + count('killed');
    const forced = count('killed');
    line =
      signal === 'SIGKILL'
        ? `force-killed ${ended} process${ended === 1 ? '' : 'es'} (SIGKILL) at once`
        : `ended ${ended} process${ended === 1 ? '' : 'es'}${forced ? ` (${forced} force-killed after ${signal} was ignored)` : ` with ${signal}`} in ${ms}`;
    const gone = count('exited') + count('gone');
    if (gone) line += `; ${gone} had already exited`;
  }
  if (refused.length > 0)
    line += `; refused ${refused.map((p) => `${p.pid} (${p.reason ?? p.error?.message ?? p.outcome})`).join(', ')}`;
  return line;
}

function leaderLine(leader: ProcessReport, signal: string): string {
  // Forced: SIGKILL was the first signal, whatever the report calls its death.
  if (signal === 'SIGKILL' && (leader.outcome === 'terminated' || leader.outcome === 'killed'))
    return 'force-killed (SIGKILL) at once';
  switch (leader.outcome) {
    case 'terminated':
      return `ended by ${signal} in ${roundMs(leader.diedAfterMs) ?? '?'} ms`;
    case 'killed':
      return `ignored ${signal}; force-killed (SIGKILL) after ${roundMs(leader.diedAfterMs) ?? '?'} ms`;
    case 'exited':
    case 'gone':
      return `had already exited${leader.reason ? ` (${leader.reason})` : ''}`;
    default:
      return `not ended: ${leader.reason ?? leader.error?.message ?? leader.outcome}`;
  }
}

/** "exited 0", "crashed (exit 3)", "killed by SIGKILL". */
export function describeExit(exitCode: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `ended by ${signal}`;
  if (exitCode === 0) return 'exited 0';
  if (exitCode === 129) return 'exited 129 (launcher gone)';
  return `exit ${exitCode ?? '?'}`;
}

const roundMs = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms));
