import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeStateDir } from '@lifeline/test-utils';
import { describe, expect, it } from 'vitest';
import { readTail } from './log-tail';

describe('readTail', () => {
  it('returns the last lines, never a cut first line, and nothing for a missing file', async () => {
    const dir = await makeStateDir('launcher-tail-');
    try {
      const file = join(dir.dir, 'run.log');
      await writeFile(file, Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n') + '\n');
      expect(await readTail(file, 3)).toEqual(['line 997', 'line 998', 'line 999']);
      const few = await readTail(file, 1000, 64);
      expect(few.every((l) => /^line \d+$/.test(l))).toBe(true);
      expect(await readTail(join(dir.dir, 'none.log'), 5)).toEqual([]);
    } finally {
      await dir.cleanup();
    }
  });
});
