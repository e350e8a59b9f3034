import { describe, expect, it } from 'vitest';
import type { ProcessRecord } from '../types';
import { isLegacyRecord } from './legacy-record';

describe('isLegacyRecord', () => {
  const base: ProcessRecord = { pid: 4242, script_path: '/s.ts', started_at: '2024-01-15T10:30:00Z' };
  it("is Script Kit's ownerless format only", () => {
    expect(isLegacyRecord(base)).toBe(true);
    expect(isLegacyRecord({ ...base, start_time: null })).toBe(true);
    // A Lifeline record that lost its start time is not legacy: it names an owner.
    expect(isLegacyRecord({ ...base, owner: { id: 'o', pid: 99 } })).toBe(false);
    expect(isLegacyRecord({ ...base, start_time: '123' })).toBe(false);
  });
});
