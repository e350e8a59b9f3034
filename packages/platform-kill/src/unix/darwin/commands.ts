/**
 * The exact commands the darwin adapter runs (absolute path, C locale so `lstart` is in the
 * documented English format, `-ww` so long command lines are never cut to a terminal width).
 */
export const PS = '/bin/ps';
export const PS_ENV = { LC_ALL: 'C' };
export const FIELDS = 'pid=,ppid=,pgid=,stat=,lstart=,command=';

export const tableArgs = (): string[] => ['-A', '-ww', '-o', FIELDS];
export const pidsArgs = (pids: number[]): string[] => ['-ww', '-o', FIELDS, '-p', pids.join(',')];
export const usageArgs = (pid: number): string[] => ['-o', 'rss=,time=', '-p', String(pid)];
/** One user's processes (`-U`: by real user id, with or without a terminal), with `-E` their environment too. */
export const userArgs = (uid: number, environment: boolean): string[] => [
  ...(environment ? ['-E'] : []),
  '-ww',
  '-U',
  String(uid),
  '-o',
  FIELDS,
];
