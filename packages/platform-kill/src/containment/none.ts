import type { SpawnOptions } from 'node:child_process';
import { PlatformKillError } from '../errors';
import type { KillFunction, Platform, ProcessIdentity } from '../types';
import { assertContainmentOwnerId } from './names';
import { signalOne } from './send';
import type { Containment, ContainmentInfo, ContainmentUnit, OwnerContainment } from './types';

/** How often the none mechanism re-checks a tree while waiting for it to empty. */
const POLL_MS = 10;

/**
 * The `none` unit: what Lifeline did before containment — the child's process group, its
 * descendants while the tree is intact, ended through platform-kill's terminate (identity
 * checked, SIGTERM then SIGKILL). Anything that double-forks away is beyond its reach; the
 * owner tag (LIFELINE_OWNER, swept by core) is the remaining net.
 */
function noneUnit(platform: Platform): ContainmentUnit {
  let root: { pid: number; identity: Promise<ProcessIdentity | null> } | null = null;
  let name = 'pid-unattached';
  const alive = async (): Promise<number[]> => {
    if (!root) return [];
    const identity = await root.identity;
    if (!identity || (await platform.liveness(root.pid, identity)) !== 'alive') return [];
    return [root.pid, ...(await platform.descendants(root.pid))];
  };
  return {
    get name() {
      return name;
    },
    cgroup: null,
    plan(command: string, args: readonly string[] = [], options: SpawnOptions = {}) {
      return { command, args: [...args], options, spawn: (spawn) => spawn(command, [...args], options) };
    },
    attach(pid) {
      root = { pid, identity: platform.identify(pid) };
      name = `pid-${pid}`;
    },
    members: alive,
    async signal(signal) {
      const kill: KillFunction = (pid, sig) => void process.kill(pid, sig);
      const pids = await alive();
      const refusals = platform.checkSignalableMany(pids);
      return pids.map((pid, i) => signalOne(kill, pid, signal, refusals[i] ?? null));
    },
    async waitEmpty(timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        if ((await alive()).length === 0) return true;
        if (performance.now() >= deadline) return false;
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
    async end(options = {}) {
      const started = performance.now();
      if (!root) throw new PlatformKillError('ERR_INVALID_OPTION', 'attach(pid) the unit before ending it');
      const identity = await root.identity;
      const { signal = 'SIGTERM', graceMs = 3000, confirmMs = 2000 } = options;
      const report = await platform.terminate(
        { pid: root.pid, ...(identity ? { expect: identity } : {}) },
        { signal, graceMs, confirmMs },
      );
      return {
        unit: name,
        members: report.processes.map((p) => p.pid),
        graceful: [],
        forced: report.escalated ? 'signal' : null,
        empty: report.survivors.length === 0,
        removed: false,
        survivors: report.survivors,
        durationMs: performance.now() - started,
      };
    },
    remove: async () => true,
  };
}

export function noneOwner(platform: Platform, info: ContainmentInfo, ownerId: string): OwnerContainment {
  const units = new Set<ContainmentUnit>();
  return {
    info,
    ownerId,
    cgroup: null,
    unit() {
      const unit = noneUnit(platform);
      units.add(unit);
      return unit;
    },
    async endAll(options) {
      const reports = await Promise.all([...units].map((u) => u.end(options)));
      units.clear();
      return { path: null, units: reports, removed: false };
    },
    dispose: async () => {
      units.clear();
      return true;
    },
  };
}

export function noneContainment(platform: Platform, info: ContainmentInfo): Containment {
  return {
    info,
    forOwner(ownerId) {
      assertContainmentOwnerId(ownerId);
      return noneOwner(platform, info, ownerId);
    },
    leftovers: () => [],
    unitAt: () => {
      throw new PlatformKillError('ERR_UNSUPPORTED_PLATFORM', `no containment here: ${info.reason}`);
    },
    reclaim: async () => {
      throw new PlatformKillError('ERR_UNSUPPORTED_PLATFORM', `no containment here: ${info.reason}`);
    },
  };
}
