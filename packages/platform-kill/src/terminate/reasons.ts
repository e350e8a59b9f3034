import type { ProcessReport, ReasonCode } from '../types';

/** The words beside each reason code, where the code alone says it all. */
const WORDS: Partial<Record<ReasonCode, string>> = {
  'no-such-process': 'no such process',
  'no-such-group': 'no such process group',
  'pid-reused': 'pid reused: the process at this pid is not the expected one (its identity differs)',
  'identity-unverified':
    'identity unverified: without a start time (and, where the platform has them, a boot id) on both sides, a reused pid cannot be told from the original',
};

/** A report settled without (further) signalling: gone or refused, with its code and words. */
export function settledReport(
  pid: number,
  pgid: number | null,
  outcome: 'gone' | 'refused',
  reasonCode: ReasonCode,
  reason = WORDS[reasonCode] ?? reasonCode,
): ProcessReport {
  return { pid, pgid, outcome, reason, reasonCode };
}

export const reasonWords = (code: ReasonCode): string => WORDS[code] ?? code;
