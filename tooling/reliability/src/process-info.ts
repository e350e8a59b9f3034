import { readFileSync } from 'node:fs';
import { procState } from '@lifeline/test-utils';

/** One line about a live process for a report: pid, state, ppid, command line. */
export function describeProcess(pid: number, guardianPid: number | null = null): string {
  let command = '?';
  let ppid = '?';
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim().slice(0, 120);
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    ppid = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? '?';
  } catch {
    // gone meanwhile
  }
  const guardian = pid === guardianPid ? " — the dead owner's guardian" : '';
  return `pid ${pid} (state ${procState(pid) ?? 'gone'}, ppid ${ppid}) \`${command}\`${guardian}`;
}
