import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chronoUtc, makeStateDir, type StateDir, scriptKitReadRegistry, serdePretty } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRegistry } from './registry';

let tmp: StateDir;
let path: string;
beforeEach(async () => {
  tmp = await makeStateDir('lifeline-skreg-');
  path = join(tmp.dir, 'active-bun-pids.json');
});
afterEach(() => tmp.cleanup());

const base = 1_767_522_600n * 1_000_000_000n; // 2026-01-04T10:30:00Z

describe("active-bun-pids.json in Script Kit's format", () => {
  it("chrono's AutoSi forms: no fraction, 3, 6 or 9 digits, always Z", () => {
    expect(chronoUtc(base)).toBe('2026-01-04T10:30:00Z');
    expect(chronoUtc(base + 123_000_000n)).toBe('2026-01-04T10:30:00.123Z');
    expect(chronoUtc(base + 123_456_000n)).toBe('2026-01-04T10:30:00.123456Z');
    expect(chronoUtc(base + 123_456_789n)).toBe('2026-01-04T10:30:00.123456789Z');
  });

  it('reads a file written as serde_json::to_string_pretty writes it (nanosecond Z, no trailing newline)', async () => {
    const written = [
      { pid: 4242, script_path: '/home/ann/.scriptkit/scripts/hello.ts', started_at: chronoUtc(base + 123_456_789n) },
      { pid: 4243, script_path: '/home/ann/.scriptkit/scripts/ünï.ts', started_at: chronoUtc(base + 5_000n) },
      { pid: 4244, script_path: '/home/ann/.scriptkit/scripts/b.ts', started_at: chronoUtc(base) },
    ];
    await writeFile(path, serdePretty(written));
    const { records, corruption } = await openRegistry({ path }).load();
    expect(corruption).toBeUndefined();
    expect(records).toEqual(written);
    await writeFile(path, serdePretty([])); // `[]` when empty
    expect((await openRegistry({ path }).load()).records).toEqual([]);
  });

  it('what Lifeline writes, Script Kit reads: every record keeps pid, script_path and an RFC 3339 started_at', async () => {
    const registry = openRegistry({ path });
    await registry.add({
      pid: 4242,
      script_path: '/home/ann/.scriptkit/scripts/hello.ts',
      started_at: new Date().toISOString(),
      start_time: '123',
      boot_id: 'b',
      owner: { id: 'own', pid: 7 },
      output: { stdout: '/s/logs/runs/hello.log', stderr: '/s/logs/runs/hello.log' },
    });
    await registry.close();
    const read = scriptKitReadRegistry(await readFile(path, 'utf8'));
    expect(read).toEqual([
      expect.objectContaining({ pid: 4242, script_path: '/home/ann/.scriptkit/scripts/hello.ts' }),
    ]);
    // The reader is strict enough to fail: a record without started_at is a parse error there.
    expect(scriptKitReadRegistry('[{"pid": 1, "script_path": "x"}]')).toBeNull();
  });
});
