/**
 * @lifeline/core: orphan cleanup of a registry of 1000 records left by a dead owner — 900 whose
 * process is gone, 50 whose pid now belongs to another live process (wrong start time: must
 * survive), 50 live and matching (must be ended). Timed: the decision alone (dryRun) and the
 * full run (decide + end the 50 live ones + rewrite the registry). Goal (issue 5): cleanup of
 * 1000 records ≤ 5 ms + ending the live ones. wrong = a live orphan left alive, a reused-pid
 * bystander killed, or a miscounted decision. See lib/orphan-registry.ts for the records.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createManager } from '@lifeline/core';
import { openRegistry, type ProcessRecord } from '@lifeline/persistence';
import { expectedFromRecord, findByOwnerTag, livenessMany, snapshot } from '@lifeline/platform-kill';
import { newOwnerId } from '@lifeline/test-utils';
import { interleave, printTable, type Suite } from '../harness.js';
import { orphanScenario } from '../lib/orphan-registry.js';

const suite: Suite = async ({ quick }) => {
  const counts = quick ? { gone: 18, reused: 1, live: 1 } : { gone: 900, reused: 50, live: 50 };
  const stateDir = await mkdtemp(join(tmpdir(), 'lifeline-bench-core-'));
  const manager = createManager({
    stateDir,
    ownerId: newOwnerId('bench-core-cleaner'),
    handleSignals: false,
    logger: false,
  });
  const scenario = await orphanScenario(manager, counts);
  const decideOnly = 'cleanupOrphans({ dryRun: true }): decide only';
  /** Call → first target of each real run: the decision start() makes (no tag scan: the sweep does that after ending). */
  const decided: number[] = [];
  // Parts of the decision, timed alone on the same registry, to show where its time goes.
  let records: ProcessRecord[] = [];
  const setupParts = async () => {
    await scenario.setup();
    records = JSON.parse(await readFile(manager.layout.registryFile, 'utf8')) as ProcessRecord[];
  };
  const part = (name: string, run: () => Promise<unknown>) => ({
    name: `part: ${name}`,
    setup: setupParts,
    run: async () => void (await run()),
    teardown: scenario.teardown,
  });
  try {
    const stats = await interleave(
      [
        {
          name: decideOnly,
          setup: scenario.setup,
          run: async () => scenario.wrong((await manager.cleanupOrphans({ dryRun: true })).entries, 'would-kill'),
          teardown: scenario.teardown,
        },
        {
          name: `cleanupOrphans(): decide + end ${counts.live} live trees + rewrite the registry`,
          setup: scenario.setup,
          run: async () => {
            // A real run (what start() does) has decided when it tells of its first target.
            const t0 = performance.now();
            const onFound = () => {
              decided.push(performance.now() - t0);
              manager.off('orphan-found', onFound);
            };
            manager.on('orphan-found', onFound);
            try {
              return scenario.wrong((await manager.cleanupOrphans()).entries, 'killed');
            } finally {
              manager.off('orphan-found', onFound);
            }
          },
          teardown: scenario.teardown,
        },
        part('registry load() (read + validate the records)', async () => {
          const store = openRegistry({ path: manager.layout.registryFile, lock: false });
          await store.load();
          await store.close();
        }),
        part("snapshot({ pids: every record, tags: [dead owner] }) (the decision's one pass)", () =>
          snapshot({ pids: records.map((r) => r.pid), tags: [records[0]?.owner?.id ?? 'none'] }),
        ),
        part('separately: livenessMany() of every record', () => livenessMany(records.map(expectedFromRecord))),
        part('separately: findByOwnerTag(dead owner) (reads every process environ)', () =>
          findByOwnerTag(records[0]?.owner?.id ?? 'none'),
        ),
      ],
      { rounds: quick ? 1 : 15, warmup: quick ? 0 : 2, baseline: decideOnly },
    );
    return printTable(
      `core: orphan cleanup of ${counts.gone + counts.reused + counts.live} records ` +
        `(${counts.gone} gone, ${counts.reused} reused, ${counts.live} live) — goal: decide ≤ 5 ms`,
      stats,
      'The decision reads the registry and the owner files, then takes one snapshot of the process table ' +
        '(identities of every record and owner, and every process carrying a candidate owner tag: one environ read per process) ' +
        'and judges owners and records from it; ' +
        'the full run adds terminateAll of the live ones (graceMs 3000, they honour SIGTERM) and one registry commit. ' +
        'The part: rows time pieces of the decision alone (wrong is not counted for them); the two "separately" rows ' +
        'are the reads the snapshot replaces, for comparison. ' +
        `A real run (what start() does) decides without the dry run's tag scan (its sweep scans the tags after ending the records): call → first target, all ${decided.length} rounds incl. warm-up: ${summary(decided)}.`,
    );
  } finally {
    await scenario.close();
    await manager.shutdown();
    await rm(stateDir, { recursive: true, force: true });
  }
};

function summary(ms: number[]): string {
  if (ms.length === 0) return 'no round reached a target';
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number).toFixed(2);
  return `median ${at(0.5)} ms, min ${at(0)} ms, max ${at(1)} ms`;
}

export default suite;
