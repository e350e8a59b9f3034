import { closeSync, openSync } from 'node:fs';
import { CoreError } from '../errors';
import { PARENT_FD } from '../protocol/owner-child';
import type { SpawnOptions } from '../types';

export interface PreparedStdio {
  stdio: (string | number)[];
  /** Our copies of the capture files' descriptors: close them once the child has them. */
  close(): void;
}

/**
 * node:child_process stdio for a managed child. Capture files are opened here in append mode and
 * handed to the child as plain descriptors, so the child writes them directly and keeps
 * writing if we die (a pipe through us would break). With watchParent, fd 3 is a pipe whose
 * other end only the owner holds: when the owner dies, the child reads EOF.
 */
export function prepareStdio(options: SpawnOptions, watchParent: boolean): PreparedStdio {
  const base = options.stdio ?? 'pipe';
  const stdio: (string | number)[] = typeof base === 'string' ? [base, base, base] : [...base];
  while (stdio.length < 3) stdio.push('pipe');
  const opened: number[] = [];
  const close = () => {
    for (const fd of opened.splice(0)) closeSync(fd);
  };
  try {
    if (options.stdoutFile) stdio[1] = openCapture(options.stdoutFile, opened);
    if (options.stderrFile)
      stdio[2] = options.stderrFile === options.stdoutFile ? stdio[1]! : openCapture(options.stderrFile, opened);
  } catch (error) {
    close();
    throw error;
  }
  if (watchParent) stdio[PARENT_FD] = 'pipe'; // the owner↔child watch pipe (protocol/owner-child.ts)
  return { stdio, close };
}

function openCapture(file: string, opened: number[]): number {
  try {
    const fd = openSync(file, 'a', 0o600);
    opened.push(fd);
    return fd;
  } catch (error) {
    throw new CoreError('ERR_INVALID_ARGUMENT', `cannot open capture file ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
