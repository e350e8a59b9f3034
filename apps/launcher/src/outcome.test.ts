import type { TerminateReport } from '@lifeline/platform-kill';
import { describe, expect, it } from 'vitest';
import { describeExit, describeReport } from './outcome';

const report = (processes: TerminateReport['processes'], extra: Partial<TerminateReport> = {}): TerminateReport => ({
  target: { pid: 100 },
  escalated: false,
  durationMs: 12.4,
  processes,
  survivors: [],
  ...extra,
});

describe('describeReport', () => {
  it('names the signal that was really sent: a forced end is SIGKILL at once, never "ended by SIGTERM"', () => {
    const died = report([{ pid: 100, pgid: 100, outcome: 'terminated', diedAfterMs: 2 }]);
    expect(describeReport(died, 100, 'SIGKILL')).toBe('force-killed (SIGKILL) at once');
    expect(describeReport(died, 100, 'SIGTERM')).toBe('ended by SIGTERM in 2 ms');
    const forced = report([{ pid: 100, pgid: 100, outcome: 'killed', diedAfterMs: 15 }]);
    expect(describeReport(forced, 100, 'SIGKILL')).toBe('force-killed (SIGKILL) at once');
    const tree = report([
      { pid: 100, pgid: 100, outcome: 'terminated', diedAfterMs: 2 },
      { pid: 101, pgid: 100, outcome: 'terminated', diedAfterMs: 2 },
    ]);
    expect(describeReport(tree, 100, 'SIGKILL')).toBe('force-killed 2 processes (SIGKILL) at once');
  });

  it('names graceful and forced ends of a single process', () => {
    expect(describeReport(report([{ pid: 100, pgid: 100, outcome: 'terminated', diedAfterMs: 4.6 }]), 100)).toBe(
      'ended by SIGTERM in 5 ms',
    );
    expect(describeReport(report([{ pid: 100, pgid: 100, outcome: 'killed', diedAfterMs: 3001 }]), 100)).toBe(
      'ignored SIGTERM; force-killed (SIGKILL) after 3001 ms',
    );
  });

  it('summarises a tree and reports survivors and refusals', () => {
    const tree = report([
      { pid: 100, pgid: 100, outcome: 'terminated' },
      { pid: 101, pgid: 100, outcome: 'killed' },
      { pid: 102, pgid: 102, outcome: 'refused', reason: 'protected' },
    ]);
    expect(describeReport(tree, 100)).toBe(
      'ended 2 processes (1 force-killed after SIGTERM was ignored) in 12 ms; refused 102 (protected)',
    );
    expect(describeReport(report([], { survivors: [100] }), 100)).toMatch(
      /could not end 1 process\(es\): 100 still alive/,
    );
  });

  it('describes exits', () => {
    expect(describeExit(0, null)).toBe('exited 0');
    expect(describeExit(3, null)).toBe('exit 3');
    expect(describeExit(null, 'SIGKILL')).toBe('ended by SIGKILL');
  });
});
