import { describe, expect, it } from 'vitest';
import { makeColors } from './color.js';
import { renderTable } from './table.js';

describe('renderTable', () => {
  it('fits the width, truncating flexible columns with an ellipsis', async () => {
    const long = 'x'.repeat(200);
    const text = await renderTable(
      [
        { header: 'PID', align: 'right' },
        { header: 'OWNER', flex: true },
        { header: 'COMMAND', flex: true },
      ],
      [['4242', 'owner-id', long]],
      { width: 80, colors: makeColors(false) },
    );
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
    expect(lines[1]).toMatch(/^4242 {2}owner-id {2}x+…$/);
  });
});

describe('renderTable with wide characters', () => {
  it('goes through cli-table3, which measures display width', async () => {
    const text = await renderTable(
      [{ header: 'A' }, { header: 'NAME', flex: true }],
      [['1', '日本語のスクリプト'.repeat(10)]],
      {
        width: 40,
        colors: makeColors(false),
      },
    );
    for (const line of text.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(40);
    expect(text).toContain('…');
  });
});
