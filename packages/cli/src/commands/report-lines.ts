import type { ProcessReport, TerminateReport } from '@lifeline/platform-kill';
import type { Context } from '../context.js';
import { formatMs } from '../output/format.js';

/** "terminated after 12 ms", "killed by force (SIGKILL) after 3.0 s", "refused: it is pid 1". */
export function describeProcess(p: ProcessReport, signal: string): string {
  const after = p.diedAfterMs === undefined ? '' : ` after ${formatMs(p.diedAfterMs)}`;
  switch (p.outcome) {
    case 'exited':
      return 'had already exited';
    case 'terminated':
      return `terminated by ${signal}${after}`;
    case 'killed':
      return `killed by force (SIGKILL)${after}`;
    case 'gone':
      return `already gone${p.reason ? ` (${p.reason})` : ''}`;
    case 'refused':
      return `refused: ${p.reason ?? 'protected'}`;
    case 'failed':
      return `failed: ${p.error?.message ?? p.reason ?? 'unknown error'}`;
  }
}

/** One line per process of a terminate report, indented under its target. */
export function printReport(ctx: Context, report: TerminateReport, signal: string): void {
  const c = ctx.colors;
  for (const p of report.processes) {
    const text = describeProcess(p, signal);
    const colored =
      p.outcome === 'refused' || p.outcome === 'failed' ? c.red(text) : p.outcome === 'killed' ? c.yellow(text) : text;
    ctx.out(`  ${String(p.pid).padStart(7)}  ${colored}`);
  }
  if (report.survivors.length > 0)
    ctx.out(c.red(`  still alive after the force signal: ${report.survivors.join(', ')}`));
}

/** A report went wrong for the caller when something was refused, failed or survived. */
export function reportFailed(report: TerminateReport | undefined): boolean {
  if (!report) return false;
  return report.survivors.length > 0 || report.processes.some((p) => p.outcome === 'refused' || p.outcome === 'failed');
}
