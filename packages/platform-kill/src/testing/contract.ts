import { afterEach, describe, expect, it } from 'vitest';
import { PlatformKillError } from '../errors';
import type { Platform } from '../types';

/** What one adapter's test world provides to the shared contract. */
export interface ContractWorld {
  platform: Platform;
  /** A live tree: its root and every descendant (one of them left the root's group/session where the platform has groups). */
  root: number;
  descendants: number[];
  /** A pid that holds no process. */
  missingPid: number;
  /** Does this pid hold a live (non-zombie) process? */
  alive(pid: number): boolean;
  /** How many signals (or taskkill runs) have been delivered so far. */
  signalsSent(): number;
  cleanup(): Promise<void>;
}

/**
 * The one contract every adapter meets. Linux runs it against real fixture processes;
 * darwin and windows against fake worlds built from canned samples of their tools' output.
 */
export function contractSuite(name: string, makeWorld: () => Promise<ContractWorld>): void {
  describe(`platform contract: ${name}`, () => {
    let world: ContractWorld | undefined;
    const start = async () => {
      world = await makeWorld();
      return world;
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
      const before = w.signalsSent();
      const wasAlive = [w.root, ...w.descendants].filter((pid) => w.alive(pid));
      expect(wasAlive).toContain(w.root);
      const report = await w.platform.terminate({
        pid: w.root,
        expect: { pid: w.root, startTime: `${id?.startTime}9` },
      });
      expect(report.processes).toEqual([
        { pid: w.root, pgid: id?.pgid ?? null, outcome: 'gone', reason: expect.stringMatching(/reused/) },
      ]);
      expect(w.signalsSent()).toBe(before);
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
      const before = w.signalsSent();
      const report = await w.platform.terminate(1);
      expect(report.processes[0]?.outcome).toBe('refused');
      expect(w.signalsSent()).toBe(before);
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
  });
}
