import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { anyValue, prng } from '../../test/helpers/record-cases';
import { ownIdentity } from '../identity';
import { check } from './check';
import { fastHolder } from './fast';
import { lockHolderSchema } from './schema';

const me = await ownIdentity();
const written = () => ({ ...me, token: randomUUID(), acquired_at: new Date().toISOString() });
const BAD: Record<string, unknown[]> = {
  pid: [0, 1, 2 ** 31, 1.5, '5', null],
  start_time: ['s'.repeat(65), 5, undefined],
  boot_id: ['b'.repeat(65), false, undefined],
  hostname: ['h'.repeat(257), null, 5],
  token: ['short', '../../etc', 'g'.repeat(10), 'a'.repeat(65), 5],
  acquired_at: ['t'.repeat(65), null],
};

describe('fastHolder agrees with lockHolderSchema', () => {
  it('accepts a holder as createLock writes it, with zod’s output', () => {
    const holder = JSON.parse(JSON.stringify(written()));
    expect(fastHolder(holder)).toStrictEqual(lockHolderSchema.parse(holder));
  });

  it('accepts nothing zod rejects, over generated broken holders', () => {
    const rand = prng(3);
    const fields = Object.keys(BAD);
    let zodRejected = 0;
    for (let i = 0; i < 3000; i++) {
      const holder: Record<string, unknown> = written();
      const field = fields[Math.floor(rand() * fields.length)] as string;
      const roll = rand();
      if (roll < 0.6) holder[field] = (BAD[field] as unknown[])[Math.floor(rand() * (BAD[field] as unknown[]).length)];
      else if (roll < 0.8) holder[field] = anyValue(rand);
      else if (roll < 0.9) delete holder[field];
      else holder.extra = anyValue(rand);
      for (const input of [holder, JSON.parse(JSON.stringify(holder))]) {
        const authority = lockHolderSchema.safeParse(input);
        if (!authority.success) zodRejected++;
        const fast = fastHolder(input);
        if (fast !== undefined) expect(authority.success && JSON.stringify(authority.data)).toBe(JSON.stringify(fast));
      }
    }
    expect(zodRejected).toBeGreaterThan(2000);
  });

  it('leaves the rest to zod (an extra field is stripped, not refused)', async () => {
    const holder = written();
    expect(fastHolder({ ...holder, extra: 1 })).toBeUndefined();
    expect(await check('lockHolder', { ...holder, extra: 1 })).toEqual({ ok: true, value: holder });
    expect((await check('lockHolder', { ...holder, pid: 1 })).ok).toBe(false);
  });
});
