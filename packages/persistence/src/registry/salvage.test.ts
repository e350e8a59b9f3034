import { describe, expect, it } from 'vitest';
import { describeProblems, parseRegistryText, scanObjects } from './salvage';

const rec = (pid: number) => ({ pid, script_path: `/s/${pid}.ts`, started_at: '2024-01-15T10:30:00Z' });
const pids = async (text: string) => (await parseRegistryText(text)).records.map((r) => r.pid);

describe('parseRegistryText', () => {
  it('reads a clean file without problems', async () => {
    const parsed = await parseRegistryText(JSON.stringify([rec(10), rec(11)], null, 2));
    expect(parsed.records.map((r) => r.pid)).toEqual([10, 11]);
    expect(describeProblems(parsed)).toBeUndefined();
  });

  it('reports an empty file', async () => {
    expect(describeProblems(await parseRegistryText(''))).toMatch(/empty/);
    expect(describeProblems(await parseRegistryText('  \n'))).toMatch(/empty/);
  });

  it('salvages complete records from truncated JSON', async () => {
    const text = JSON.stringify([rec(10), { ...rec(11), owner: { id: 'o', pid: 9 } }, rec(12)], null, 2);
    const torn = text.slice(0, text.lastIndexOf('"script_path"'));
    const parsed = await parseRegistryText(torn);
    expect(parsed.records.map((r) => r.pid)).toEqual([10, 11]);
    expect(parsed.fileProblem).toMatch(/not valid JSON/);
  });

  it('reports an object instead of an array and salvages a pid → record map', async () => {
    const parsed = await parseRegistryText(JSON.stringify({ 10: rec(10), 11: rec(11) }));
    expect(parsed.fileProblem).toBe('expected a JSON array of records, got an object');
    expect(parsed.records.map((r) => r.pid)).toEqual([10, 11]);
    expect(await pids(JSON.stringify(rec(12)))).toEqual([12]);
  });

  it.each([
    ['0', 0],
    ['1', 1],
    ['-1', -1],
    ['2^53', 2 ** 53],
    ['"12"', '12'],
    ['null', null],
  ])('drops a record with pid %s and keeps the others', async (_label, pid) => {
    const parsed = await parseRegistryText(JSON.stringify([rec(10), { ...rec(2), pid }, rec(11)]));
    expect(parsed.records.map((r) => r.pid)).toEqual([10, 11]);
    expect(parsed.dropped).toBe(1);
    expect(describeProblems(parsed)).toMatch(/^record 1: pid: /);
  });

  it('drops null entries', async () => {
    const parsed = await parseRegistryText(JSON.stringify([null, rec(10)]));
    expect(parsed.records.map((r) => r.pid)).toEqual([10]);
    expect(parsed.dropped).toBe(1);
  });

  it('survives deeply nested JSON', async () => {
    const depth = 200_000;
    expect(await pids('['.repeat(depth) + ']'.repeat(depth))).toEqual([]);
    expect(describeProblems(await parseRegistryText('['.repeat(depth) + ']'.repeat(depth)))).toMatch(/record 0/);
    expect(await pids('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))).toEqual([]);
    expect(await pids('['.repeat(depth))).toEqual([]);
  });

  it('survives binary garbage, salvaging a record embedded in it', async () => {
    const garbage = Buffer.from(Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    const parsed = await parseRegistryText(garbage + JSON.stringify(rec(33)) + garbage);
    expect(parsed.records.map((r) => r.pid)).toEqual([33]);
    expect(parsed.fileProblem).toMatch(/not valid JSON/);
  });

  it('scans garbage full of braces in bounded time', () => {
    expect(scanObjects('{'.repeat(2_000_000))).toEqual([]);
  });

  it('keeps the later of two records with one pid', async () => {
    const parsed = await parseRegistryText(JSON.stringify([rec(10), { ...rec(10), script_path: '/new' }]));
    expect(parsed.records).toEqual([{ ...rec(10), script_path: '/new' }]);
  });

  it('ignores a byte-order mark', async () => {
    expect(await pids(`\ufeff${JSON.stringify([rec(10)])}`)).toEqual([10]);
  });
});
