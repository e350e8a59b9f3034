import { setTimeout as sleep } from 'node:timers/promises';
import { resolveLayout } from '@lifeline/persistence';
import { createContainment } from '@lifeline/platform-kill';
import { listOwnerProcesses, makeStateDir, reapOwner, waitFor } from '@lifeline/test-utils';
import { isBuildRace } from '../cli-run';
import { startNextInstance } from '../instance';
import type { OwnerLedger } from '../leaks';
import { dumpLock } from '../lock-dump';
import { type ChildKind, OwnerProcess } from '../owner-fixture';
import { describeProcess } from '../process-info';
import { readRegistryRaw } from '../registry-file';
import type { Rng } from '../stats';

/** Where the kill lands. Listener modes are deterministic; runner modes are random moments. */
export const MODES = ['spawned-listener', 'registered-listener', 'runner-after-spawn', 'runner-random'] as const;
export type Mode = (typeof MODES)[number];

const KINDS: ChildKind[] = [
  'sleeper',
  'tree',
  'setsid',
  'ignore-term',
  'tree-ignore-term',
  'sh-group',
  'sleep',
  'sleep',
  'churn',
  'churn-node',
];

export interface Iteration {
  mode: Mode;
  guardian: boolean;
  spawned: number;
  registered: number;
  aliveAtCrash: number;
  unregisteredAlive: number;
  endedByGuardian: number;
  guardianMs: number | null;
  endedByNext: number;
  survivors: number;
  /** What each survivor was: command line, state, and whether it is the dead owner's guardian. */
  survivorDetail: string[];
  unparsable: boolean;
  lost: number;
  tempFiles: number;
  deadRecordsLeft: number;
  startMs: number;
  startError?: string;
  leftover: number;
  crashNote?: string;
  buildRace: boolean;
}

/** One crash: start an owner, SIGKILL it at the chosen kind of moment, then start a new instance and count. */
export async function iteration(mode: Mode, guardian: boolean, r: Rng, ledger: OwnerLedger): Promise<Iteration> {
  const dir = await makeStateDir('ll-rel-crash-');
  const registryFile = resolveLayout({ stateDir: dir.dir }).registryFile;
  const ownerId = ledger.id('crash');
  const n = r.int(3, 10);
  const plan = Array.from({ length: n }, () => ({ kind: r.pick(KINDS), delayMs: r.int(0, 15) }));
  const crash =
    mode === 'spawned-listener'
      ? { on: 'spawned' as const, index: r.int(0, n - 1) }
      : mode === 'registered-listener'
        ? { on: 'registered' as const, index: r.int(0, n - 1) }
        : null;
  const owner = new OwnerProcess({ stateDir: dir.dir, ownerId, graceMs: 300, guardian, plan, crash });
  let crashNote: string | undefined;
  try {
    if (mode === 'runner-random') {
      if (r.next() < 0.1)
        await sleep(r.int(0, 150)); // sometimes during start() itself
      else {
        await owner.waitType('started');
        await sleep(r.int(0, plan.reduce((a, s) => a + s.delayMs, 0) + 250));
      }
      owner.crash();
    } else if (mode === 'runner-after-spawn') {
      let seen = 0;
      const k = r.int(0, n - 1);
      await owner.waitLine((l) => l.type === 'spawned' && seen++ === k, 20_000, `spawn #${k}`);
      owner.crash(); // its registration is in flight now
    } else {
      await Promise.race([
        owner.exited,
        owner.waitType('all-ready').then(() => {
          crashNote = 'crash point not reached';
          owner.crash();
        }),
      ]);
    }
  } catch {
    owner.crash();
  }
  await owner.exited;

  const snap = await readRegistryRaw(registryFile);
  const inFile = new Set(snap.records.map((rec) => rec.pid));
  const mustHave = owner.liveRegistered();
  const registered = new Set(owner.lines.filter((l) => l.type === 'registered').map((l) => l.pid));
  const aliveTagged = listOwnerProcesses(ownerId);
  const spawnedNotRegistered = new Set(owner.spawned().filter((pid) => !registered.has(pid)));

  let endedByGuardian = 0;
  let guardianMs: number | null = null;
  if (guardian && aliveTagged.length > 0) {
    const t0 = performance.now();
    await waitFor(() => listOwnerProcesses(ownerId).length === 0, { timeoutMs: 5_000 }).then(
      () => (guardianMs = performance.now() - t0),
      () => undefined,
    );
    endedByGuardian = aliveTagged.length - listOwnerProcesses(ownerId).length;
  }
  const beforeNext = listOwnerProcesses(ownerId).length;
  const nextId = ledger.id('crash-next');
  const next = await startNextInstance(dir.dir, nextId);
  const left = listOwnerProcesses(ownerId);
  const survivors = left.length;
  const guardianPid = (owner.lines.find((l) => l.type === 'started')?.guardianPid as number | null | undefined) ?? null;
  const survivorDetail = left.map((pid) => describeProcess(pid, guardianPid));
  const lockState = next.error ? await dumpLock(registryFile) : undefined;
  await next.manager.shutdown({ graceMs: 0 }).catch(() => undefined);
  const after = await readRegistryRaw(registryFile);
  const leftover = (await reapOwner(ownerId)).length + (await reapOwner(nextId)).length;
  await dir.cleanup();
  return {
    mode,
    guardian,
    spawned: owner.spawned().length,
    registered: registered.size,
    aliveAtCrash: aliveTagged.length,
    unregisteredAlive: aliveTagged.filter((pid) => spawnedNotRegistered.has(pid)).length,
    endedByGuardian,
    guardianMs,
    endedByNext: beforeNext - survivors,
    survivors,
    survivorDetail,
    unparsable: snap.state === 'unparsable' || snap.invalid > 0,
    lost: mustHave.filter((pid) => !inFile.has(pid)).length,
    tempFiles: snap.tempFiles,
    deadRecordsLeft: after.records.filter((rec) => rec.owner?.id === ownerId).length,
    startMs: next.startMs,
    startError: next.error ? `${next.error.message} — lock: ${lockState}` : undefined,
    leftover: Math.max(0, leftover - survivors),
    crashNote,
    buildRace: isBuildRace(owner.stderr.join('\n')) || isBuildRace(next.error?.message ?? ''),
  };
}

/** The control: crash an owner and count its children with no new instance started. */
export async function controlIteration(ledger: OwnerLedger): Promise<number> {
  const dir = await makeStateDir('ll-rel-control-');
  const ownerId = ledger.id('control');
  const owner = new OwnerProcess({
    stateDir: dir.dir,
    ownerId,
    plan: [
      { kind: 'sleep', delayMs: 0 },
      { kind: 'tree', delayMs: 0 },
    ],
  });
  try {
    await owner.waitType('all-ready');
    owner.crash();
    await owner.exited;
    return listOwnerProcesses(ownerId).length;
  } finally {
    owner.crash();
    await owner.exited;
    await reapOwner(ownerId);
    // No next instance reclaims this owner's cgroups (that is the point of the control): remove
    // the ones it made (only `lifeline-<its id>`, whose owner we just ended).
    const containment = createContainment();
    for (const left of containment.leftovers(ownerId)) await containment.reclaim(left.path).catch(() => undefined);
    await dir.cleanup();
  }
}
