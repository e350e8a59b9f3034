import { describe, expect, it } from 'vitest';
import { check as checkValue } from './check';

const checkRecord = (value: unknown) => checkValue('record', value);

import { processRecordSchema } from './schema';

const base = { script_path: '/s/hello.ts', started_at: '2024-01-15T10:30:00Z' };

describe('processRecordSchema', () => {
  it.each([0, 1, -1, 2 ** 53, 2 ** 31, 1.5, Number.NaN, '12', null, undefined])('rejects pid %s', async (pid) => {
    const check = await checkRecord({ ...base, pid });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toMatch(/^pid: /);
  });

  it('accepts pid 2 and 2^31-1 (the largest pid_t)', async () => {
    expect((await checkRecord({ ...base, pid: 2 })).ok).toBe(true);
    expect((await checkRecord({ ...base, pid: 2 ** 31 - 1 })).ok).toBe(true);
  });

  it('says what was expected', async () => {
    const check = await checkRecord({ ...base, pid: 0 });
    expect(check).toEqual({ ok: false, reason: 'pid: must be an integer > 1, got 0' });
  });

  it.each([
    ['2024-01-15T10:30:00Z', true],
    ['2024-01-15T10:30:00.123456789Z', true], // chrono writes nanoseconds
    ['2024-01-15T10:30:00+02:00', true],
    ['2024-02-30T10:30:00Z', false],
    ['2024-01-15', false],
    ['yesterday', false],
    ['', false],
  ])('started_at %s valid: %s', async (started_at, ok) => {
    expect((await checkRecord({ ...base, pid: 5, started_at })).ok).toBe(ok);
  });

  it('bounds strings', async () => {
    expect((await checkRecord({ ...base, pid: 5, script_path: 'x'.repeat(5000) })).ok).toBe(false);
    expect((await checkRecord({ ...base, pid: 5, name: 'x'.repeat(300) })).ok).toBe(false);
  });

  it('validates optional identity fields and the owner', async () => {
    expect((await checkRecord({ ...base, pid: 5, pgid: 1 })).ok).toBe(false);
    expect((await checkRecord({ ...base, pid: 5, pgid: null, start_time: '123', boot_id: null })).ok).toBe(true);
    expect((await checkRecord({ ...base, pid: 5, owner: { id: 'o', pid: 0 } })).ok).toBe(false);
    expect((await checkRecord({ ...base, pid: 5, owner: { id: 'o', pid: 77, start_time: '9' } })).ok).toBe(true);
  });

  it('keeps small unknown fields (forward compatibility) and drops deep or huge ones', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const check = await checkRecord({ ...base, pid: 5, future: 'x', deep, huge: 'y'.repeat(10_000) });
    expect(check.ok).toBe(true);
    if (check.ok) {
      expect(check.value).toEqual({ ...base, pid: 5, future: 'x' });
      expect(() => JSON.stringify(check.value)).not.toThrow();
    }
  });

  it('is exported as a zod schema', () => {
    expect(processRecordSchema.safeParse({ ...base, pid: 42 }).success).toBe(true);
  });
});
