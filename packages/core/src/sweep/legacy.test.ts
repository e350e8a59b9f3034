import type { ProcessIdentity } from '@lifeline/platform-kill';
import { describe, expect, it } from 'vitest';
import { LEGACY_START_TOLERANCE_MS, legacyMatch } from './legacy';

const identity = (startedAt: Date, command: string): ProcessIdentity => ({
  pid: 4242,
  ppid: 1,
  pgid: 4242,
  sid: 4242,
  state: 'sleeping',
  startTime: startedAt.toISOString(), // the ISO form (macOS) converts exactly
  bootId: null,
  command,
});

const record = {
  pid: 4242,
  script_path: '/Users/john/.scriptkit/scripts/hello.ts',
  started_at: '2024-01-15T10:30:00.000Z',
};
const at = (ms: number) => new Date(Date.parse(record.started_at) + ms);

describe('legacyMatch', () => {
  it('matches when the process started near started_at and runs script_path', () => {
    const verdict = legacyMatch(record, identity(at(-40), `bun run --preload sdk.js ${record.script_path}`));
    expect(verdict).toMatchObject({ match: true });
  });

  it('rejects a start time outside the tolerance, in either direction', () => {
    for (const off of [LEGACY_START_TOLERANCE_MS + 1, -LEGACY_START_TOLERANCE_MS - 1])
      expect(legacyMatch(record, identity(at(off), `bun run ${record.script_path}`)).match).toBe(false);
  });

  it('rejects a command line without script_path, and a started_at that is not a date', () => {
    expect(legacyMatch(record, identity(at(0), 'bun run other.ts')).reason).toMatch(/does not contain/);
    expect(legacyMatch({ ...record, started_at: 'yesterday' }, identity(at(0), record.script_path)).reason).toMatch(
      /not a date/,
    );
  });
});
