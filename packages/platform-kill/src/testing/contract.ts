import { afterEach, describe, expect, it } from 'vitest';
import { PlatformKillError } from '../errors';
import { compareIdentity, expectedFromRecord } from '../identity';
import type { IdentityMatch, IdentityRecord, Liveness, Platform } from '../types';
import type { AdapterHooks } from './hooks';

export interface ContractWorldOptions {
  /** Every member of the tree ignores (or refuses) the graceful signal, so it has to be forced. */
  stubborn?: boolean;
  /** Called inside terminate (see AdapterHooks); the platform is built over an adapter calling them. */
  hooks?: AdapterHooks;
}

/** What one adapter's test world provides to the shared contract. */
export interface ContractWorld {
  platform: Platform;
  /** A live tree: its root and every descendant (one of them left the root's group/session where the platform has groups). */
  root: number;
  descendants: number[];
  /** A member below the root with descendants of its own (outside the root's group where groups exist). */
  parent: number;
  parentDescendants: number[];
  /** A pid that holds no process. */
  missingPid: number;
  /** Does this pid hold a live (non-zombie) process? */
  alive(pid: number): boolean;
  /** Every target reached so far, in order: a pid, or -pgid for a group (Windows: taskkill's /PID). */
  delivered(): number[];
  /** Before anything is read: `pid` may be reused later (real Linux simulates it, see disguise.ts). */
  prepareReuse(pid: number): void;
  /** From now on `pid` names a stranger: the process we knew died and another took its pid. */
  reuse(pid: number): void;
  cleanup(): Promise<void>;
}

const LIVENESS_OF: Record<IdentityMatch, Liveness> = { same: 'alive', different: 'reused', unverifiable: 'unverified' };

/**
 * The one contract every adapter meets. Linux runs it against real fixture processes;
 * darwin and windows against fake worlds built from canned samples of their tools' output.
 */
export function contractSuite(
  name: string,
  makeWorld: (options: ContractWorldOptions) => Promise<ContractWorld>,
): void {
  describe(`platform contract: ${name}`, () => {
    let world: ContractWorld | undefined;
    const start = async (options: ContractWorldOptions = {}) => {
      world = await makeWorld(options);
      return world;
    };
    /** A world whose `parent` is reused right after terminate's snapshot, before any signal. */
    const startReusedAfterSnapshot = async () => {
      let reused = false;
      const w = await start({
        hooks: {
          afterCollect: () => {
            if (reused) return;
            reused = true;
            w.reuse(w.parent);
          },
        },
      });
      w.prepareReuse(w.parent);
      return { w, reused: () => reused };
    };
    afterEach(async () => {
      await world?.cleanup();
      world = undefined;
    });

    it('identifies a live process with pid, parent, start time and command', async () => {
      const w = await start();
      const id = await w.platform.identify(w.root);
      expect(id).not.toBeNull();
      expect(id?.pid).toBe(w.root);
      expect(id?.ppid).toBeGreaterThan(0);
      expect(id?.startTime).toMatch(/\S/);
      expect(id?.command).toMatch(/\S/);
      if (w.platform.capabilities.processGroups) expect(id?.pgid).toBe(w.root);
      if (w.platform.capabilities.bootId) expect(id?.bootId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers null / gone for a pid that holds no process', async () => {
      const w = await start();
      expect(await w.platform.identify(w.missingPid)).toBeNull();
      expect(await w.platform.liveness(w.missingPid)).toBe('gone');
    });

    it('tells alive from reused by start time, one record at a time and in bulk', async () => {
      const w = await start();
      const id = await w.platform.identify(w.root);
      if (!id) throw new Error('root not found');
      const wrong = { pid: w.root, startTime: `${id.startTime}0`, bootId: id.bootId };
      expect(w.platform.sameProcess(id, id)).toBe(true);
      expect(w.platform.sameProcess(id, wrong)).toBe(false);
      expect(await w.platform.liveness(w.root, id)).toBe('alive');
      expect(await w.platform.liveness(w.root, wrong)).toBe('reused');
      expect(await w.platform.livenessMany([id, wrong, { pid: w.missingPid, startTime: '1' }])).toEqual([
        'alive',
        'reused',
        'gone',
      ]);
    });

    it('finds every descendant, including one that left the group', async () => {
      const w = await start();
      expect((await w.platform.descendants(w.root)).sort()).toEqual([...w.descendants].sort());
    });

    it('signals nothing when the expected identity does not match (reused pid)', async () => {
      const w = await start();
      const id = await w.platform.identify(w.root);
      const before = w.delivered().length;
      const wasAlive = [w.root, ...w.descendants].filter((pid) => w.alive(pid));
      expect(wasAlive).toContain(w.root);
      const report = await w.platform.terminate({
        pid: w.root,
        expect: { pid: w.root, startTime: `${id?.startTime}9` },
      });
      expect(report.processes).toEqual([
        {
          pid: w.root,
          pgid: id?.pgid ?? null,
          outcome: 'gone',
          reason: expect.stringMatching(/reused/),
          reasonCode: 'pid-reused',
        },
      ]);
      expect(w.delivered().length).toBe(before);
      for (const pid of wasAlive) expect(w.alive(pid)).toBe(true);
    });

    it('ends the whole tree and reports every process dead', async () => {
      const w = await start();
      const report = await w.platform.terminate(w.root, { graceMs: 2000 });
      expect(report.survivors).toEqual([]);
      const ended = report.processes.filter(
        (p) => p.outcome === 'terminated' || p.outcome === 'killed' || p.outcome === 'exited',
      );
      expect(ended.map((p) => p.pid).sort()).toEqual([w.root, ...w.descendants].sort());
      for (const pid of [w.root, ...w.descendants]) expect(w.alive(pid)).toBe(false);
    });

    it('refuses protected pids and rejects bad input with typed errors', async () => {
      const w = await start();
      expect(w.platform.checkSignalable(process.pid)).toMatch(/this process/);
      expect(w.platform.checkSignalable(1)).toMatch(/init/);
      expect(w.platform.checkSignalable(w.root)).toBeNull();
      // The batch form gives each pid the same answer as the single one.
      const pids = [process.pid, 1, w.root, 0];
      expect(w.platform.checkSignalableMany(pids)).toEqual(pids.map((pid) => w.platform.checkSignalable(pid)));
      expect(() => w.platform.checkSignalableMany(7 as never)).toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_OPTION' }),
      );
      const before = w.delivered().length;
      const report = await w.platform.terminate(1);
      expect(report.processes[0]?.outcome).toBe('refused');
      expect(w.delivered().length).toBe(before);
      await expect(w.platform.terminate(w.root, { graceMs: -1 })).rejects.toSatisfy(
        (e) =>
          PlatformKillError.isInstance(e) &&
          e.code === 'ERR_INVALID_OPTION' &&
          /graceMs must be a non-negative integer, got -1/.test(e.message),
      );
    });

    it('reports resource usage of a live process', async () => {
      const w = await start();
      const usage = await w.platform.resourceUsage(w.root);
      expect(usage?.rssBytes).toBeGreaterThan(0);
      expect(usage?.cpuSeconds).toBeGreaterThanOrEqual(0);
      expect(await w.platform.resourceUsage(w.missingPid)).toBeNull();
    });

    it('gives one verdict for every missing-field case, from every entry point', async () => {
      const w = await start();
      const id = await w.platform.identify(w.root);
      if (!id) throw new Error('root not found');
      const boots = w.platform.capabilities.bootId;
      const other = `${id.startTime}0`;
      const cases: Array<[IdentityRecord, IdentityMatch]> = [
        [{ pid: w.root, start_time: id.startTime, boot_id: id.bootId }, 'same'],
        // A start time without a boot id proves nothing where start times repeat across boots (Linux).
        [{ pid: w.root, start_time: id.startTime }, boots ? 'unverifiable' : 'same'],
        [{ pid: w.root, start_time: id.startTime, boot_id: '' }, boots ? 'unverifiable' : 'same'],
        [{ pid: w.root, boot_id: id.bootId }, 'unverifiable'],
        [{ pid: w.root }, 'unverifiable'],
        [{ pid: w.root, start_time: null, boot_id: null }, 'unverifiable'],
        [{ pid: w.root, start_time: other, boot_id: id.bootId }, 'different'],
        [{ pid: w.root, start_time: other }, 'different'],
      ];
      if (boots) cases.push([{ pid: w.root, start_time: id.startTime, boot_id: 'another-boot' }, 'different']);
      for (const [record, match] of cases) {
        const expected = expectedFromRecord(record);
        const why = JSON.stringify(record);
        expect(compareIdentity(expected, id), why).toBe(match);
        expect(w.platform.sameProcess(expected, id), why).toBe(match === 'same');
        expect(await w.platform.liveness(w.root, expected), why).toBe(LIVENESS_OF[match]);
        expect(await w.platform.livenessMany([expected]), why).toEqual([LIVENESS_OF[match]]);
        if (match === 'same') continue;
        const report = await w.platform.terminate({ pid: w.root, expect: expected }, { graceMs: 0 });
        expect(report.processes, why).toEqual([
          expect.objectContaining(
            match === 'different'
              ? { pid: w.root, outcome: 'gone', reasonCode: 'pid-reused' }
              : { pid: w.root, outcome: 'refused', reasonCode: 'identity-unverified' },
          ),
        ]);
      }
      expect(w.delivered()).toEqual([]);
      expect(w.alive(w.root)).toBe(true);
    });

    it('reused between snapshot and signal: re-verified before the first signal, reported gone, sent nothing', async () => {
      const { w, reused } = await startReusedAfterSnapshot();
      const original = await w.platform.identify(w.parent);
      if (!original) throw new Error('parent not found');
      const report = await w.platform.terminate({ pid: w.parent, expect: original, tree: false }, { graceMs: 0 });
      expect(reused()).toBe(true);
      expect(report.processes).toEqual([
        {
          pid: w.parent,
          pgid: original.pgid,
          outcome: 'gone',
          reason: expect.stringMatching(/reused/),
          reasonCode: 'pid-reused',
        },
      ]);
      expect(report.escalated).toBe(false);
      expect(w.delivered()).toEqual([]);
      expect(w.alive(w.parent)).toBe(true); // the stranger lives on
    });

    it('reused parent in a tree: the parent is never signalled, its children and the rest still end', async () => {
      const { w, reused } = await startReusedAfterSnapshot();
      const report = await w.platform.terminate(w.root, { graceMs: 2000 });
      expect(reused()).toBe(true);
      expect(report.survivors).toEqual([]);
      expect(report.processes.find((p) => p.pid === w.parent)).toMatchObject({
        outcome: 'gone',
        reasonCode: 'pid-reused',
      });
      expect(w.delivered()).not.toContain(w.parent);
      expect(w.delivered()).not.toContain(-w.parent);
      expect(w.alive(w.parent)).toBe(true);
      for (const pid of w.parentDescendants) {
        expect(report.processes.find((p) => p.pid === pid)?.outcome).toMatch(/^(terminated|killed|exited)$/);
      }
      for (const pid of [w.root, ...w.descendants].filter((p) => p !== w.parent)) expect(w.alive(pid)).toBe(false);
    });

    it('pid reused during the grace: the force step re-verifies and sends nothing to the stranger', async () => {
      let armed = false;
      let reusedAt = -1;
      const w = await start({
        stubborn: true,
        hooks: {
          afterSend: (_to, phase) => {
            if (phase === 'graceful') armed = true;
          },
          beforeProbe: () => {
            if (!armed || reusedAt >= 0) return;
            reusedAt = w.delivered().length;
            w.reuse(w.parent);
          },
        },
      });
      w.prepareReuse(w.parent);
      const others = [w.root, ...w.descendants].filter((p) => p !== w.parent && w.alive(p));
      const report = await w.platform.terminate(w.root, { graceMs: 100, confirmMs: 5000 });
      expect(reusedAt).toBeGreaterThan(0);
      expect(report.escalated).toBe(true);
      expect(report.survivors).toEqual([]);
      expect(report.processes.find((p) => p.pid === w.parent)).toMatchObject({
        outcome: 'gone',
        reasonCode: 'pid-reused',
      });
      const afterReuse = w.delivered().slice(reusedAt);
      expect(afterReuse.length).toBeGreaterThan(0); // the force step did run, for the others
      expect(afterReuse).not.toContain(w.parent);
      expect(afterReuse).not.toContain(-w.parent);
      expect(w.alive(w.parent)).toBe(true);
      for (const pid of others) {
        expect(report.processes.find((p) => p.pid === pid)?.outcome).toBe('killed');
        expect(w.alive(pid)).toBe(false);
      }
    });
  });
}
