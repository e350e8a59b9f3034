import { capabilities, type ExpectedIdentity, identifySync, liveness } from '@lifeline/platform-kill';
import type { ExitPair } from '../child/source';

/** Default poll interval: /proc reads cost microseconds; elsewhere each poll runs `ps` or PowerShell. */
export const DEFAULT_POLL_MS = capabilities.platform === 'linux' ? 100 : 1000;

export interface ExitPoll {
  /** Resolves once the process is no longer the one pinned: exited (a zombie counts), gone, or its pid reused. */
  readonly exited: Promise<ExitPair>;
  /** Check now rather than at the next tick (after a kill confirmed it dead). */
  check(): void;
}

/**
 * Exit of a process that is not our child, so it cannot be waited for: poll its pinned identity.
 * The exit code and signal are unknowable from outside (the parent reaps them): both null. The
 * timer is ref'd, like a spawned child's handle: a live adopted process keeps the owner running.
 */
export function pollExit(expected: ExpectedIdentity, pollMs: number): ExitPoll {
  let timer: NodeJS.Timeout | null = null;
  let done = false;
  let resolveExit: (pair: ExitPair) => void = () => undefined;
  const exited = new Promise<ExitPair>((resolve) => {
    resolveExit = resolve;
  });
  const check = async () => {
    if (done) return;
    if (timer) clearTimeout(timer);
    timer = null;
    if (await isAlive(expected)) {
      if (!done && !timer) timer = setTimeout(check, pollMs);
      return;
    }
    done = true;
    if (timer) clearTimeout(timer); // a concurrent check may have armed one
    resolveExit([null, null]);
  };
  timer = setTimeout(check, pollMs);
  return { exited, check: () => void check() };
}

async function isAlive(expected: ExpectedIdentity): Promise<boolean> {
  if (capabilities.platform === 'linux') {
    try {
      const identity = identifySync(expected.pid);
      return (
        identity !== null &&
        identity.startTime === expected.startTime &&
        identity.state !== 'zombie' &&
        identity.state !== 'dead'
      );
    } catch {
      // fall through to the asynchronous read
    }
  }
  // Unreadable is not proof of death: keep polling rather than unregister a live process.
  return (await liveness(expected.pid, expected).catch(() => 'alive')) === 'alive';
}
