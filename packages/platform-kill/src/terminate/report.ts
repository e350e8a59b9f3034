import type { ProcessReport, TerminateReport } from '../types';
import type { Member, Plan } from './plan';
import { reasonWords } from './reasons';

/** One member's public report; a member still without an outcome survived (`stillAlive` says how long we waited). */
export function memberReport(m: Member, stillAlive: string): ProcessReport {
  const report: ProcessReport = { pid: m.identity.pid, pgid: m.identity.pgid, outcome: m.outcome ?? 'failed' };
  if (m.reasonCode) {
    report.reason = reasonWords(m.reasonCode);
    report.reasonCode = m.reasonCode;
  }
  if (m.outcome === undefined) report.error = m.error ?? { code: 'ERR_STILL_ALIVE', message: stillAlive };
  else if (m.outcome === 'failed' && m.error) report.error = m.error;
  return report;
}

/** Turns a settled plan into the public report. */
export function reportFor(plan: Plan, t0: number, startedAt: number): TerminateReport {
  const processes: ProcessReport[] = [...plan.fixed];
  const survivors: number[] = [];
  for (const m of plan.members) {
    const report = memberReport(m, 'still alive after the force signal and confirmMs');
    if (m.outcome === undefined) survivors.push(m.identity.pid);
    if ((m.outcome === 'terminated' || m.outcome === 'killed') && m.diedAt !== undefined) {
      report.diedAfterMs = Math.max(0, Math.round((m.diedAt - t0) * 100) / 100);
    }
    processes.push(report);
  }
  return {
    target: plan.target,
    escalated: plan.escalated,
    durationMs: Math.round((performance.now() - startedAt) * 100) / 100,
    processes,
    survivors,
  };
}
