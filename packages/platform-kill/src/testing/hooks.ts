import type { Adapter, SendTo } from '../adapter';

/** Moments inside terminate at which a test may change the world (e.g. reuse a pid). */
export interface AdapterHooks {
  /** The snapshot (tree, groups, identities) has just been read. */
  afterCollect?(): void;
  /** A probe (the wait loop, or the re-check before a phase's signals) is about to read. */
  beforeProbe?(): void;
  /** A signal (or taskkill) has just been delivered. */
  afterSend?(to: SendTo, phase: 'graceful' | 'force'): void;
}

/** The same adapter, calling the hooks at those moments. */
export function withHooks(adapter: Adapter, hooks: AdapterHooks): Adapter {
  return {
    ...adapter,
    collect: async (query) => {
      const collected = await adapter.collect(query);
      hooks.afterCollect?.();
      return collected;
    },
    collectSync: (query) => {
      const collected = adapter.collectSync(query);
      hooks.afterCollect?.();
      return collected;
    },
    probe: (pids) => {
      hooks.beforeProbe?.();
      return adapter.probe(pids);
    },
    probeSync: (pids) => {
      hooks.beforeProbe?.();
      return adapter.probeSync(pids);
    },
    send: async (to, signal, phase) => {
      const result = await adapter.send(to, signal, phase);
      hooks.afterSend?.(to, phase);
      return result;
    },
    sendSync: (to, signal, phase) => {
      const result = adapter.sendSync(to, signal, phase);
      hooks.afterSend?.(to, phase);
      return result;
    },
  };
}
