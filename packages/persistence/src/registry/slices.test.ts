import { describe, expect, it } from 'vitest';
import { parseRegistryBytes, parseRegistryText } from './salvage';
import { serializeRecords } from './serialize';
import { MIN_SLICED_BYTES, parseInSlices } from './slices';

const owner = { id: 'owner-slices', pid: 4242, start_time: '777', boot_id: 'b-1', tag: 'owner-slices@ab.12' };
const rec = (pid: number, script_path = `/scripts/${pid}.ts`) => ({
  pid,
  script_path,
  started_at: '2024-01-15T10:30:00.000Z',
  start_time: String(pid * 3),
  boot_id: 'b-1',
  owner,
});
const many = (count: number, path?: (pid: number) => string) =>
  Array.from({ length: count }, (_, i) => rec(1000 + i, path?.(1000 + i)));
const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('parseInSlices', () => {
  it.each([
    ['compact', (r: unknown[]) => bytes(JSON.stringify(r))],
    ['as Lifeline writes it', (r: unknown[]) => serializeRecords(r as never)],
    ['with a BOM and CRLF', (r: unknown[]) => bytes(`\uFEFF${JSON.stringify(r, null, 1).replace(/\n/g, '\r\n')}\r\n`)],
  ])('cuts a large file %s into slices whose values are the whole value', (_, encode) => {
    const records = many(2000);
    const file = encode(records);
    expect(file.length).toBeGreaterThan(MIN_SLICED_BYTES * 2);
    const before = Buffer.from(file);
    expect(parseInSlices(file)).toEqual(records);
    expect(Buffer.compare(file, before)).toBe(0); // the bytes it writes while decoding are put back
  });

  it('agrees with JSON.parse when script paths hold the cut pattern (or declines)', () => {
    const tricky = many(1500, (pid) => (pid % 7 === 0 ? `/s/${pid}"},{"pid":2,"x":{` : `/s/},\n  {${pid}`));
    for (const file of [bytes(JSON.stringify(tricky)), serializeRecords(tricky as never)]) {
      const sliced = parseInSlices(file);
      // Either answer is sound; a wrong value never is.
      if (sliced !== undefined) expect(sliced).toEqual(tricky);
    }
  });

  it('declines when a cut falls inside a nested value, and parseRegistryBytes still reads every record', async () => {
    // An unknown field holding `[{…},{…}]`: the cut pattern inside one record.
    const nested = many(1500).map((r, i) =>
      i % 40 === 0 ? { ...r, extra: Array.from({ length: 400 }, () => ({})) } : r,
    );
    const file = bytes(JSON.stringify(nested));
    const sliced = parseInSlices(file);
    if (sliced !== undefined) expect(sliced).toEqual(nested);
    const parsed = await parseRegistryBytes(file);
    expect(parsed.records.map((r) => r.pid)).toEqual(nested.map((r) => r.pid));
    expect(parsed.fileProblem).toBeUndefined();
  });

  it.each([
    ['a trailing comma', (t: string) => `${t.slice(0, -1)},]`],
    ['a torn end', (t: string) => t.slice(0, -200)],
    ['no array', (t: string) => `{"a":${t}}`],
    ['a bad byte', (t: string) => `${t.slice(0, 50_000)}\u0000${t.slice(50_000)}`],
  ])('declines a file with %s (the whole-file path reports it)', (_, bend) => {
    const file = bytes(bend(JSON.stringify(many(1500))));
    const before = Buffer.from(file);
    expect(parseInSlices(file)).toBeUndefined();
    expect(Buffer.compare(file, before)).toBe(0);
  });

  it('declines bytes that are not UTF-8', () => {
    const file = bytes(JSON.stringify(many(1500)));
    file[60_000] = 0xff;
    expect(parseInSlices(file)).toBeUndefined();
  });

  it('gives parseRegistryBytes the same records and problems as the whole-file path', async () => {
    const records = many(1500);
    (records[3] as Record<string, unknown>).pid = 0; // invalid: dropped and reported either way
    records.push({ ...rec(1001), script_path: '/later/wins.ts' }); // a duplicate pid: the later entry wins
    const text = JSON.stringify(records);
    expect(parseInSlices(bytes(text))).toBeDefined();
    const sliced = await parseRegistryBytes(bytes(text));
    expect(sliced).toEqual(await parseRegistryText(text));
    expect(sliced.dropped).toBe(1);
    expect(sliced.recordProblems[0]).toMatch(/^record 3: pid/);
    expect(sliced.records).toHaveLength(1499);
    expect(sliced.records.find((r) => r.pid === 1001)?.script_path).toBe('/later/wins.ts');
  });
});
