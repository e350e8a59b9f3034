import { describe, expect, it } from 'vitest';
import { startNodeFixture } from './helpers/child';
import { useFixtureFrame } from './helpers/frame';

const frame = useFixtureFrame();
// Runs against the built dist (turbo builds before testing), in a fresh process, so the
// module graph is exactly what a user of the package gets.
describe('zod is loaded only when a record needs it', () => {
  it('not by importing the main or layout entry, nor by using a registry as Lifeline writes it; yes for a bad record', async () => {
    const probe = startNodeFixture('zod-probe.mjs', [frame.dir], frame.owner);
    const report = await probe.waitForMessage((m) => 'afterBadLoad' in m, 'the report');
    expect(await probe.exited).toEqual({ code: 0, signal: null });
    expect(report).toEqual({
      layoutEntry: 0,
      layoutFile: `${frame.dir}/active-pids.json`,
      mainEntry: 0,
      cleanRecords: 2,
      platformKillForReading: 0,
      afterCleanUse: 0,
      platformKillForWriting: true, // the probe can see it load
      badRecords: 1,
      badReason: 'record 1: pid: must be an integer > 1, got 0',
      // The probe works: the fallback did load zod, once.
      afterBadLoad: 1,
    });
  });
});

describe('a small file-descriptor limit', () => {
  it('start-up works at ulimit -n 64: the schema loads as one file, not one per zod locale', async () => {
    const probe = startNodeFixture('low-fd.mjs', [frame.dir], frame.owner, { maxOpenFiles: 64 });
    const report = await probe.waitForMessage((m) => 'limit' in m, 'the report');
    expect(await probe.exited).toEqual({ code: 0, signal: null });
    expect(report).toEqual({
      records: 1,
      reason: 'record 1: pid: must be an integer > 1, got 0',
      ok: true,
      limit: 'EMFILE', // the limit was in force
    });
  });
});
