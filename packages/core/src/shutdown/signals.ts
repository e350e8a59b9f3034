import { constants } from 'node:os';
import { onExit } from 'signal-exit';

export interface ShutdownHooks {
  /** The graceful, asynchronous shutdown (killAll with grace, release files, flush the log). Runs once. */
  shutdown(reason: string): Promise<void>;
  /** The synchronous force path: force-kill every remaining child, release files, flush the log. */
  forceSync(): void;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Install the owner's shutdown handling; returns the function that removes every handler.
 * Handlers stay minimal: set a flag and start the shutdown once. A second signal forces.
 * SIGINT/SIGTERM/SIGHUP: graceful shutdown, then exit 128 + signal number.
 * beforeExit: graceful shutdown (the loop is empty; the process then exits normally).
 * Process exit (process.exit, other fatal signals): signal-exit's onExit, synchronous force
 * kill — the last-chance hook, always installed.
 * Those come with `handleSignals`. uncaughtException / unhandledRejection (print, graceful
 * shutdown, exit 1) only with `handleErrors` — a library must not change how its host app
 * crashes unless asked.
 */
export function installShutdownHandling(
  hooks: ShutdownHooks,
  options: { handleSignals: boolean; handleErrors: boolean },
): () => void {
  let started = false;
  let removed = false;
  const exitAfter = (code: number) => {
    uninstall();
    process.exit(code);
  };
  const begin = (reason: string, code: number | null) => {
    if (started) {
      // Second signal (or an error during shutdown): no more grace.
      hooks.forceSync();
      exitAfter(code ?? 1);
      return;
    }
    started = true;
    hooks.shutdown(reason).then(
      () => (code === null ? uninstall() : exitAfter(code)),
      () => exitAfter(code ?? 1),
    );
  };
  const onSignal = (signal: NodeJS.Signals) => begin(`signal ${signal}`, 128 + (constants.signals[signal] ?? 0));
  const onError = (error: unknown) => {
    console.error(error);
    begin(`uncaught error: ${error instanceof Error ? error.message : String(error)}`, 1);
  };
  const onBeforeExit = () => {
    if (!started) begin('beforeExit', null);
  };
  if (options.handleErrors) {
    process.on('uncaughtException', onError);
    process.on('unhandledRejection', onError);
  }
  let removeExitHook = () => undefined as unknown;
  if (options.handleSignals) {
    for (const signal of SIGNALS) process.on(signal, onSignal);
    process.on('beforeExit', onBeforeExit);
    removeExitHook = onExit(() => {
      hooks.forceSync();
    });
  }

  function uninstall() {
    if (removed) return;
    removed = true;
    for (const signal of SIGNALS) process.off(signal, onSignal);
    process.off('uncaughtException', onError);
    process.off('unhandledRejection', onError);
    process.off('beforeExit', onBeforeExit);
    removeExitHook();
  }
  return uninstall;
}
