import { describe, expect, it } from 'vitest';
import { installShutdownHandling } from './signals';

const hooks = { shutdown: async () => undefined, forceSync: () => undefined };
const count = () => ({
  uncaught: process.listenerCount('uncaughtException'),
  rejection: process.listenerCount('unhandledRejection'),
  sigterm: process.listenerCount('SIGTERM'),
  beforeExit: process.listenerCount('beforeExit'),
});

describe('installShutdownHandling: a guest in its host process', () => {
  it('installs no process-wide error handlers unless asked, and removes all it installed', () => {
    const before = count();
    const uninstall = installShutdownHandling(hooks, { handleSignals: true, handleErrors: false });
    const during = count();
    expect(during.uncaught).toBe(before.uncaught);
    expect(during.rejection).toBe(before.rejection);
    // Ours and signal-exit's (the last-chance hook) on SIGTERM; ours on beforeExit.
    expect(during.sigterm).toBeGreaterThan(before.sigterm);
    expect(during.beforeExit).toBe(before.beforeExit + 1);
    uninstall();
    expect(count()).toEqual(before);
  });

  it('installs the error handlers when asked (the launcher and `lifeline run` do)', () => {
    const before = count();
    const uninstall = installShutdownHandling(hooks, { handleSignals: false, handleErrors: true });
    expect(count()).toEqual({ ...before, uncaught: before.uncaught + 1, rejection: before.rejection + 1 });
    uninstall();
    expect(count()).toEqual(before);
  });
});
