import { MAX_PID as PERSISTENCE_MAX_PID } from '@lifeline/persistence';
import { describe, expect, it } from 'vitest';
import { MAX_PID, parsePid } from './parse.js';

describe('parsePid', () => {
  it('takes exactly the pids persistence accepts: 2..MAX_PID', () => {
    expect(MAX_PID).toBe(PERSISTENCE_MAX_PID);
    expect(parsePid('2')).toBe(2);
    expect(parsePid(String(MAX_PID))).toBe(MAX_PID);
    for (const raw of ['0', '1', String(MAX_PID + 1), '1'.repeat(30)]) {
      expect(() => parsePid(raw), raw).toThrow(`pid must be an integer from 2 to ${MAX_PID}, got "${raw}"`);
    }
    for (const raw of ['abc', '-1', '1e3', '0x10', '']) {
      expect(() => parsePid(raw), raw).toThrow(/pid must be a positive integer/);
    }
  });
});
