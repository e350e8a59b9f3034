import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeStateDir, type StateDir } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultFs } from '../fs-layer';
import { quarantine } from './quarantine';

let tmp: StateDir;
beforeEach(async () => {
  tmp = await makeStateDir('lifeline-persist-');
});
afterEach(() => tmp.cleanup());

describe('quarantine', () => {
  it('moves the file to <name>.corrupt-<timestamp> and never overwrites an earlier one with the same timestamp', async () => {
    const path = join(tmp.dir, 'active-pids.json');
    const now = new Date('2024-01-15T10:30:00.123Z');
    await writeFile(path, 'first');
    const a = await quarantine(defaultFs, path, now);
    await writeFile(path, 'second');
    const b = await quarantine(defaultFs, path, now);
    expect(a).toBe(`${path}.corrupt-2024-01-15T10-30-00.123Z`);
    expect(b).toBe(`${path}.corrupt-2024-01-15T10-30-00.123Z-1`);
    expect([await readFile(a, 'utf8'), await readFile(b, 'utf8')]).toEqual(['first', 'second']);
    expect((await readdir(tmp.dir)).sort()).toEqual([
      'active-pids.json.corrupt-2024-01-15T10-30-00.123Z',
      'active-pids.json.corrupt-2024-01-15T10-30-00.123Z-1',
    ]);
  });
});
