const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * A promise that resolves with the signal's name on the first SIGINT, SIGTERM or SIGHUP, so a
 * runner can end its children and say so. Core's own shutdown handling (installed by start())
 * runs too; both end the same children through the same manager.
 */
export function interrupted(): { promise: Promise<string>; dispose(): void } {
  let dispose = () => {};
  const promise = new Promise<string>((resolve) => {
    const handlers = SIGNALS.map((signal) => {
      const handler = () => resolve(signal);
      process.on(signal, handler);
      return [signal, handler] as const;
    });
    dispose = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    };
  });
  return { promise, dispose: () => dispose() };
}
