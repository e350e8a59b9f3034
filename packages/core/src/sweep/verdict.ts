import { checkSignalable, checkSignalableMany } from '@lifeline/platform-kill';
import type { OrphanDecision } from '../types';

/**
 * The one outcome model every command shares (cleanup, its dry run, killTracked / `lifeline
 * kill`): a pid that must never be signalled (ourselves, our group's leader, an ancestor, init)
 * is `refused` before anything is sent, by every command and every dry run alike; and a record
 * is dropped only when the process it names is gone, reused, or was ended — never after a refusal or a failure.
 */
export function refusalOf(pid: number): string | null {
  return refusalText(checkSignalable(pid));
}

/** refusalOf for a batch (a cleanup's targets): our own ancestors are read once, not once per pid. */
export function refusalsOf(pids: readonly number[]): Array<string | null> {
  return checkSignalableMany(pids).map(refusalText);
}

const refusalText = (reason: string | null) => (reason === null ? null : `refused: ${reason}`);

/** Cleanup decisions after which a record names nothing of ours any more. */
export const STALE_DECISIONS: ReadonlySet<OrphanDecision> = new Set(['killed', 'already-gone', 'reused', 'not-ours']);
