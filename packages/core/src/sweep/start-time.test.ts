import { identifySync } from '@lifeline/platform-kill';
import { describe, expect, it } from 'vitest';
import { startTimeToDate } from './start-time';

describe('startTimeToDate', () => {
  it('turns a Linux start time (ticks since boot) into wall time: this process started within the last minutes', () => {
    const me = identifySync(process.pid);
    const started = startTimeToDate(me!.startTime)!;
    const age = Date.now() - started.getTime();
    expect(age).toBeGreaterThan(-2000); // btime has 1 s resolution
    expect(age).toBeLessThan(10 * 60_000);
    // Node's uptime starts after the exec, which a loaded machine stretches, and btime has 1 s
    // resolution; a unit error (ticks vs. ms, wrong clock rate) is off by minutes to hours.
    expect(Math.abs(started.getTime() - (Date.now() - process.uptime() * 1000))).toBeLessThan(10_000);
  });

  it('parses Windows CIM datetimes (offset in minutes) and ISO 8601', () => {
    expect(startTimeToDate('20240115103000.500000+060')?.toISOString()).toBe('2024-01-15T09:30:00.500Z');
    expect(startTimeToDate('2024-01-15T10:30:00Z')?.toISOString()).toBe('2024-01-15T10:30:00.000Z');
    expect(startTimeToDate('not a time')).toBeNull();
  });
});
