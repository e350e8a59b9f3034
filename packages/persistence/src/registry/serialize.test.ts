import { describe, expect, it } from 'vitest';
import { serializeRecords } from './serialize';

describe('serializeRecords', () => {
  it('is exactly JSON.stringify(records, null, 2) plus a newline, cached or not', () => {
    const records = [
      { pid: 10, script_path: '/a "quoted"\n', started_at: '2024-01-15T10:30:00Z' },
      { pid: 11, script_path: '/b', started_at: '2024-01-15T10:30:00Z', owner: { id: 'o', pid: 5 }, x: [1, { y: 2 }] },
    ];
    expect(serializeRecords(records).toString('utf8')).toBe(`${JSON.stringify(records, null, 2)}\n`);
    expect(serializeRecords(records).toString('utf8')).toBe(`${JSON.stringify(records, null, 2)}\n`);
    expect(serializeRecords([]).toString()).toBe('[]\n');
  });
});
