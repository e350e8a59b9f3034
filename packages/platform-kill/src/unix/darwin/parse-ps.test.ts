import { describe, expect, it } from 'vitest';
import { PlatformKillError } from '../../errors';
import { PS_RSS_TIME, PS_RSS_TIME_LONG, PS_TABLE } from './__samples__/ps';
import { lstartToIso, parsePs, parsePsLine, parseRssTime } from './parse-ps';

describe('darwin ps parser (samples in the ps(1) format)', () => {
  it('parses every row of the sample table', () => {
    const rows = parsePs(PS_TABLE);
    expect(rows.map((r) => r.pid)).toEqual([1, 70100, 70200, 70201, 70202, 70203, 70204, 70205, 70300, 70400]);
  });

  it('reads pid, ppid, pgid, state, start time and a command with spaces and parentheses', () => {
    const row = parsePsLine('70202 70201 70200 R+   Mon Jan 15 10:30:02 2024     a) b (c --flag');
    expect(row).toEqual({
      pid: 70202,
      ppid: 70201,
      pgid: 70200,
      sid: null,
      state: 'running',
      startTime: new Date(2024, 0, 15, 10, 30, 2).toISOString(),
      bootId: null,
      command: 'a) b (c --flag',
    });
  });

  it('handles a space-padded day and maps zombie, idle and stopped states', () => {
    expect(parsePsLine('    1     0     1 Ss   Mon Jan  1 08:00:00 2024     /sbin/launchd').startTime).toBe(
      new Date(2024, 0, 1, 8, 0, 0).toISOString(),
    );
    expect(parsePsLine('5 1 5 Z    Mon Jan 15 10:30:05 2024     <defunct>').state).toBe('zombie');
    expect(parsePsLine('5 1 5 I    Mon Jan 15 10:30:05 2024     x').state).toBe('idle');
    expect(parsePsLine('5 1 5 T    Mon Jan 15 10:30:05 2024     x').state).toBe('stopped');
  });

  it('throws typed parse errors for lines it does not understand', () => {
    expect(() => parsePsLine('PID PPID PGID STAT STARTED COMMAND')).toThrow(PlatformKillError);
    expect(() => lstartToIso('Foo', '1', '0', '0', '0', '2024')).toThrow(/unknown month/);
  });

  it('parses rss and cpu time, including days', () => {
    expect(parseRssTime(PS_RSS_TIME)).toEqual({ rssBytes: 24576 * 1024, cpuSeconds: 1.5 });
    expect(parseRssTime(PS_RSS_TIME_LONG)).toEqual({
      rssBytes: 1048576 * 1024,
      cpuSeconds: 2 * 86400 + 3 * 3600 + 4 * 60 + 5,
    });
    expect(parseRssTime('')).toBeNull();
  });
});
