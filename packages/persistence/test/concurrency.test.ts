import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRegistry } from '../src/registry/registry';
import { startNodeFixture } from './helpers/child';
import { useFixtureFrame } from './helpers/frame';

const frame = useFixtureFrame('persist');
describe('several processes, one file (needs dist: pnpm build first)', () => {
  it('two processes registering and unregistering 1000 records each end with exactly the expected set', async () => {
    const path = join(frame.dir, 'active-pids.json');
    // A removes its even pids, B its odd ones; the pids are records only, never signalled.
    const a = startNodeFixture('registrar.mjs', [path, '100000', '1000', '0'], frame.owner);
    const b = startNodeFixture('registrar.mjs', [path, '200000', '1000', '1'], frame.owner);
    const [da, db] = await Promise.all([
      a.waitForMessage((m) => m.done === true, 'done'),
      b.waitForMessage((m) => m.done === true, 'done'),
    ]);
    expect([(await a.exited).code, (await b.exited).code]).toEqual([0, 0]);
    expect([da.removed, db.removed]).toEqual([500, 500]);
    const expected = [
      ...Array.from({ length: 1000 }, (_, i) => 100000 + i).filter((pid) => pid % 2 === 1),
      ...Array.from({ length: 1000 }, (_, i) => 200000 + i).filter((pid) => pid % 2 === 0),
    ];
    const actual = (await openRegistry({ path }).list()).map((r) => r.pid).sort((x, y) => x - y);
    expect(actual).toEqual(expected);
  });
});
