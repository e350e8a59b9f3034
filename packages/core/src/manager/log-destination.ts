import { basename, dirname, join } from 'node:path';
import type { StateLayout } from '@lifeline/persistence';

/** Script Kit's own log files (src/logging/mod.rs): another schema; Lifeline never appends to them. */
const FOREIGN_LOGS = /^(script-kit-gpui\.jsonl(\.1)?|latest-session\.jsonl|capture-.*\.jsonl)$/;

/**
 * Where the lifecycle log goes: the layout's logFile, unless that is a log in another program's
 * format (the layout's hostLogFile, or a file named like one of Script Kit's, as a hand-made
 * StateLayout from before the Script Kit layouts had their own log would say): then
 * `lifeline.jsonl` beside it. Two schemas in one file would break both readers.
 */
export function lifecycleLogFile(layout: Pick<StateLayout, 'logFile' | 'hostLogFile'>): string {
  const { logFile, hostLogFile } = layout;
  if (logFile !== hostLogFile && !FOREIGN_LOGS.test(basename(logFile))) return logFile;
  return join(dirname(logFile), 'lifeline.jsonl');
}
