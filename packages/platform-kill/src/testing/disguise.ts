import type { Adapter } from '../adapter';
import type { ProcessIdentity } from '../types';

/**
 * Pid reuse, simulated on real Linux without touching anything we did not spawn: the kernel
 * cannot be made to hand a pid to a new process safely on a shared machine. Until `reuse(pid)`,
 * every read of a hidden pid (one of our own fixtures) reports a start time 100 ticks earlier —
 * the "original" process terminate remembers. From `reuse(pid)` on, reads show the real fixture,
 * which by the identity rule is a stranger that took the pid: it must not be signalled again.
 */
export function disguise(adapter: Adapter) {
  const hidden = new Set<number>();
  const mask = (id: ProcessIdentity): ProcessIdentity =>
    hidden.has(id.pid) ? { ...id, startTime: String(Number(id.startTime) - 100) } : id;
  const maskAll = (ids: Map<number, ProcessIdentity>) => new Map([...ids].map(([pid, id]) => [pid, mask(id)]));
  const wrapped: Adapter = {
    ...adapter,
    identify: async (pid) => {
      const id = await adapter.identify(pid);
      return id && mask(id);
    },
    identifySync: (pid) => {
      const id = adapter.identifySync(pid);
      return id && mask(id);
    },
    identifyMany: async (pids) => maskAll(await adapter.identifyMany(pids)),
    collect: async (query) => {
      const collected = await adapter.collect(query);
      return { ...collected, identities: maskAll(collected.identities) };
    },
    collectSync: (query) => {
      const collected = adapter.collectSync(query);
      return { ...collected, identities: maskAll(collected.identities) };
    },
    probe: async (pids) => maskAll(await adapter.probe(pids)),
    probeSync: (pids) => maskAll(adapter.probeSync(pids)),
  };
  return {
    adapter: wrapped,
    /** Show `pid` as its "original" from now until reuse(pid). */
    hide: (pid: number) => void hidden.add(pid),
    /** The original is gone; the real process now holds its pid. */
    reuse: (pid: number) => void hidden.delete(pid),
  };
}
