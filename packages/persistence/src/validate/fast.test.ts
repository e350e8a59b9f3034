import { describe, expect, it } from 'vitest';
import { anyValue, goodRecord, KNOWN_CASES, mutatedRecord, prng } from '../../test/helpers/record-cases';
import { check as checkValue } from './check';
import { fastRecord, OUTPUT_KEYS, OWNER_KEYS, RECORD_KEYS } from './fast';

const checkRecord = (value: unknown) => checkValue('record', value);

import { formatIssues, ownerRecordSchema, processRecordSchema, recordOutputSchema } from './schema';

type Validator = (value: unknown) => unknown;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Each case as given and as it comes back from disk (JSON drops undefined, turns NaN into null). */
function* variants(value: unknown): Generator<unknown> {
  yield value;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return; // too deep to write: only the in-memory form
  }
  if (json !== undefined) yield JSON.parse(json);
}

/**
 * Runs `fast` and zod over the cases (each as given and as read back from disk). `wrong` lists
 * every input the fast path accepted although zod rejected it or produced something else
 * (other fields, values or key order).
 */
function compare(cases: Iterable<unknown>, fast: Validator) {
  const result = { wrong: [] as unknown[], fastAccepted: 0, zodRejected: 0 };
  for (const value of cases) {
    for (const input of variants(value)) {
      const accepted = fast(input);
      const authority = processRecordSchema.safeParse(input);
      if (!authority.success) result.zodRejected++;
      if (accepted === undefined) continue;
      result.fastAccepted++;
      const same =
        authority.success &&
        JSON.stringify(accepted) === JSON.stringify(authority.data) &&
        JSON.stringify(Object.keys(accepted as object)) === JSON.stringify(Object.keys(authority.data));
      if (!same) result.wrong.push(input);
    }
  }
  return result;
}

function* generated(seed: number, count: number): Generator<unknown> {
  const rand = prng(seed);
  for (let i = 0; i < count; i++) {
    const roll = rand();
    yield roll < 0.3 ? goodRecord(rand) : roll < 0.9 ? mutatedRecord(rand) : anyValue(rand);
  }
}

describe('fastRecord agrees with processRecordSchema', () => {
  it('has the schema’s keys, in the schema’s order', () => {
    expect([...RECORD_KEYS]).toEqual(Object.keys(processRecordSchema.shape));
    expect([...OWNER_KEYS]).toEqual(Object.keys(ownerRecordSchema.shape));
    expect([...OUTPUT_KEYS]).toEqual(Object.keys(recordOutputSchema.shape));
  });

  it('accepts every record as Lifeline writes it, with zod’s output', () => {
    const rand = prng(1);
    for (let i = 0; i < 1000; i++) {
      const record = goodRecord(rand);
      for (const input of variants(record)) {
        const accepted = fastRecord(input);
        expect(accepted, JSON.stringify(input)).toBeDefined();
        expect(accepted).toStrictEqual(processRecordSchema.parse(input));
        expect(accepted).not.toBe(input); // a fresh object: a caller's later mutation cannot reach the registry
      }
    }
  });

  it('owned (parsed by the caller): a record already in schema form comes back as it is, any other as a fresh one', () => {
    const rand = prng(3);
    for (let i = 0; i < 1000; i++) {
      const written = JSON.parse(JSON.stringify(processRecordSchema.parse(goodRecord(rand))));
      const accepted = fastRecord(written, true);
      expect(accepted).toBe(written);
      // The same fields in another order: valid, but rebuilt in schema order.
      const reversed = Object.fromEntries(Object.entries(written).reverse());
      const rebuilt = fastRecord(reversed, true);
      expect(rebuilt).toStrictEqual(written);
      if (Object.keys(written).length > 1) expect(rebuilt).not.toBe(reversed);
    }
  });

  it('owned: accepts nothing zod rejects and gives zod’s output, over 20 000 generated entries', () => {
    const { wrong, fastAccepted } = compare(generated(43, 20_000), (value) => fastRecord(value, true));
    expect(wrong).toEqual([]);
    expect(fastAccepted).toBeGreaterThan(5000);
  });

  it('accepts nothing zod rejects, over 20 000 generated good, broken and arbitrary entries', () => {
    const { wrong, fastAccepted, zodRejected } = compare(generated(42, 20_000), fastRecord);
    expect(wrong).toEqual([]);
    // The generator really covers both sides.
    expect(fastAccepted).toBeGreaterThan(5000);
    expect(zodRejected).toBeGreaterThan(15_000);
  });

  it('accepts nothing zod rejects among the bad inputs of the other tests', () => {
    const { wrong, zodRejected } = compare(KNOWN_CASES, fastRecord);
    expect(wrong).toEqual([]);
    expect(zodRejected).toBeGreaterThan(40);
  });

  it('would catch a looser fast path (the harness can fail)', () => {
    const cases = [...generated(7, 3000), ...KNOWN_CASES];
    /** The fast path, but deciding `field` as if it held `stand_in` (the real value is kept in the output). */
    const ignoring =
      (field: string, stand_in: unknown, when: (value: unknown) => boolean = () => true): Validator =>
      (value) => {
        if (!isObject(value) || !Object.hasOwn(value, field) || !when(value[field])) return fastRecord(value);
        const record = fastRecord({ ...value, [field]: stand_in }) as Record<string, unknown> | undefined;
        if (record) record[field] = value[field];
        return record;
      };
    const loosened: Record<string, Validator> = {
      'pid 1': ignoring('pid', 2, (pid) => pid === 1),
      'any started_at': ignoring('started_at', '2024-01-15T10:30:00Z'),
      'names up to 300': ignoring('name', 'n', (name) => typeof name === 'string' && name.length <= 300),
      'any output': ignoring('output', {}),
    };
    for (const [what, validator] of Object.entries(loosened)) {
      expect(compare(cases, validator).wrong.length, what).toBeGreaterThan(0);
    }
  });
});

describe('checkRecord falls back to zod', () => {
  it('with zod’s verdict and message for everything the fast path does not accept', async () => {
    const cases = [...generated(99, 2000), ...KNOWN_CASES].filter((value) => fastRecord(value) === undefined);
    expect(cases.length).toBeGreaterThan(1000);
    for (const value of cases) {
      const check = await checkRecord(value);
      const authority = processRecordSchema.safeParse(value);
      expect(check.ok).toBe(authority.success);
      if (!check.ok && !authority.success) expect(check.reason).toBe(formatIssues(authority.error));
    }
  });

  it('keeps small unknown fields (the fast path refuses them, zod keeps them)', async () => {
    const value = { pid: 5, script_path: '/a', started_at: '2024-01-15T10:30:00Z', future: { v: 2 } };
    expect(fastRecord(value)).toBeUndefined();
    expect(await checkRecord(value)).toEqual({ ok: true, value });
  });
});
