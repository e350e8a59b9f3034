import type { ProcessIdentity } from '@lifeline/platform-kill';
import { describe, expect, it } from 'vitest';
import { LEGACY_START_TOLERANCE_MS, legacyMatch } from './legacy';

const identity = (startedAt: Date, argv: string[] | null): ProcessIdentity => ({
  pid: 4242,
  ppid: 1,
  pgid: 4242,
  sid: 4242,
  state: 'sleeping',
  startTime: startedAt.toISOString(), // the ISO form (macOS) converts exactly
  bootId: null,
  command: (argv ?? []).join(' '),
  ...(argv ? { argv } : {}),
});
/** Where only the joined command line is known (macOS). */
const joinedOnly = (startedAt: Date, command: string): ProcessIdentity => ({ ...identity(startedAt, null), command });

const record = {
  pid: 4242,
  script_path: '/Users/john/.scriptkit/scripts/hello.ts',
  started_at: '2024-01-15T10:30:00.000Z',
};
const at = (ms: number) => new Date(Date.parse(record.started_at) + ms);
const bun = (script: string) => ['/Users/john/.bun/bin/bun', 'run', '--preload', '/sdk/kit-sdk.ts', script];

describe('legacyMatch', () => {
  it('matches when the process started near started_at and runs script_path as one of its arguments', () => {
    expect(legacyMatch(record, identity(at(-40), bun(record.script_path)))).toMatchObject({ match: true });
    // compared normalised
    const odd = '/Users/john/.scriptkit/./scripts//hello.ts';
    expect(legacyMatch(record, identity(at(0), bun(odd))).match).toBe(true);
    expect(legacyMatch({ ...record, script_path: odd }, identity(at(0), bun(record.script_path))).match).toBe(true);
  });

  it('rejects a start time outside the tolerance, in either direction', () => {
    for (const off of [LEGACY_START_TOLERANCE_MS + 1, -LEGACY_START_TOLERANCE_MS - 1])
      expect(legacyMatch(record, identity(at(off), bun(record.script_path))).match).toBe(false);
  });

  it('never matches a substring: look-alike paths, a path inside another argument, a relative script_path', () => {
    const a = { ...record, script_path: '/a/b.ts' };
    for (const argv of [
      bun('/a/b.ts.bak'),
      bun('/x/a/b.ts'),
      bun('/a/b.tsx'),
      ['bun', 'run', '--preload=/a/b.ts', '/other.ts'],
      ['sh', '-c', 'bun run /a/b.ts'],
    ])
      expect(legacyMatch(a, identity(at(0), argv)), argv.join(' ')).toMatchObject({ match: false });
    expect(legacyMatch(a, identity(at(0), bun('/a/b.ts'))).match).toBe(true);
    // A relative script_path names no file for sure: it matches nothing, not even itself.
    const relative = { ...record, script_path: 'b.ts' };
    expect(legacyMatch(relative, identity(at(0), ['bun', 'run', 'b.ts'])).reason).toMatch(/not an absolute path/);
    expect(legacyMatch(relative, identity(at(0), bun('/a/b.ts'))).match).toBe(false);
  });

  it('with only a joined command line, the path must stand alone between spaces', () => {
    const a = { ...record, script_path: '/a/b.ts' };
    expect(legacyMatch(a, joinedOnly(at(0), 'bun run /a/b.ts --flag')).match).toBe(true);
    expect(legacyMatch(a, joinedOnly(at(0), 'bun run /a/b.ts')).match).toBe(true);
    expect(legacyMatch(a, joinedOnly(at(0), 'bun run /a/b.ts.bak')).match).toBe(false);
    expect(legacyMatch(a, joinedOnly(at(0), 'bun run /x/a/b.ts')).match).toBe(false);
  });

  it('rejects a command line without script_path, and a started_at that is not a date', () => {
    expect(legacyMatch(record, identity(at(0), ['bun', 'run', '/other.ts'])).reason).toMatch(/no argument of pid/);
    expect(legacyMatch({ ...record, started_at: 'yesterday' }, identity(at(0), [record.script_path])).reason).toMatch(
      /not a date/,
    );
  });
});
