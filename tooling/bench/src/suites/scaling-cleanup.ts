/**
 * How orphan cleanup grows with the registry: a dead owner's registry of 10, 100, 1000 and 5000
 * records, with the processes to end held nearly constant (10 live orphans and 10 reused-pid
 * bystanders; 1 and 1 at 10 records) so the growth shown is the records' cost, not more kills.
 * Timed: decide only (dryRun) and the full run (decide + end the live ones + rewrite). All sizes
 * interleaved in one run; × baseline is relative to deciding 10 records. wrong as in core-cleanup.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManager, type ProcessManager } from '@lifeline/core';
import { newOwnerId } from '@lifeline/test-utils';
import { type Contender, interleave, printTable, type Suite } from '../harness.js';
import { type OrphanScenario, orphanScenario } from '../lib/orphan-registry.js';

interface Sized {
  size: number;
  manager: ProcessManager;
  scenario: OrphanScenario;
  stateDir: string;
}

const suite: Suite = async ({ quick }) => {
  const sized: Sized[] = [];
  try {
    for (const size of quick ? [10, 100] : [10, 100, 1000, 5000]) {
      const k = size <= 10 ? 1 : 10;
      const stateDir = await mkdtemp(join(tmpdir(), 'lifeline-bench-scale-cleanup-'));
      const manager = createManager({
        stateDir,
        ownerId: newOwnerId('bench-scale-cleaner'),
        handleSignals: false,
        logger: false,
      });
      sized.push({
        size,
        manager,
        stateDir,
        scenario: await orphanScenario(manager, { gone: size - 2 * k, reused: k, live: k }),
      });
    }
    const decide = sized.map(
      ({ size, manager, scenario }): Contender => ({
        name: `decide only (dryRun), ${size} records`,
        setup: scenario.setup,
        run: async () => scenario.wrong((await manager.cleanupOrphans({ dryRun: true })).entries, 'would-kill'),
        teardown: scenario.teardown,
      }),
    );
    const full = sized.map(
      ({ size, manager, scenario }): Contender => ({
        name: `full cleanup, ${size} records (${size <= 10 ? 1 : 10} live ended)`,
        setup: scenario.setup,
        run: async () => scenario.wrong((await manager.cleanupOrphans()).entries, 'killed'),
        teardown: scenario.teardown,
      }),
    );
    const stats = await interleave([...decide, ...full], { rounds: quick ? 1 : 10, warmup: quick ? 0 : 1 });
    return printTable(
      'scaling: orphan cleanup time at 10 / 100 / 1000 / 5000 records',
      stats,
      'Live orphans honour SIGTERM (graceMs 3000); the full run includes ending them and one registry commit. ' +
        '× baseline = relative to deciding 10 records.',
    );
  } finally {
    for (const s of sized) {
      await s.scenario.close();
      await s.manager.shutdown();
      await rm(s.stateDir, { recursive: true, force: true });
    }
  }
};

export default suite;
