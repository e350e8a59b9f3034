import type { ProcessReport, TerminateReport } from '../types';
import type { Plan } from './plan';

/** Turns a settled plan into the public report. A member still without an outcome survived. */
export function reportFor(plan: Plan, t0: number, startedAt: number): TerminateReport {
  const processes: ProcessReport[] = [...plan.fixed];
  const survivors: number[] = [];
  for (const m of plan.members) {
    const report: ProcessReport = { pid: m.identity.pid, pgid: m.identity.pgid, outcome: m.outcome ?? 'failed' };
    if (m.outcome === undefined) {
      survivors.push(m.identity.pid);
      report.error = m.error ?? {
        code: 'ERR_STILL_ALIVE',
        message: 'still alive after the force signal and confirmMs',
      };
    } else if (m.outcome === 'failed' && m.error) report.error = m.error;
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
