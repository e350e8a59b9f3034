import type { CreatePlatformOptions, KillFunction } from '../types';
import { PS_RSS_TIME, PS_TABLE, PS_USER_ENV } from '../unix/darwin/__samples__/ps';
import { errno } from './errno';

interface Row {
  line: string;
  /** The same row as `ps -E` prints it (arguments, then environment); undefined: another user's process. */
  envLine?: string;
  pgid: number;
  zombie: boolean;
}

const pidOf = (line: string) => Number(line.trim().split(/\s+/)[0]);

/** The line of a stranger that took `pid`: our user's, its own group, started later, no owner tag. */
const strangerLine = (pid: number) =>
  `${pid}     1 ${pid} S    Wed Mar  6 12:00:00 2024     /usr/bin/stranger --took-a-reused-pid`;

/**
 * A fake macOS process table for tests on Linux: `ps` is answered from the canned samples (only
 * the rows still "alive"; `-U` lists our user's rows, `-E` with their environment), and kill()
 * edits the table instead of signalling anything. `reuse(pid)` replaces a process by a stranger
 * that took its pid, as the kernel does once a pid is free.
 */
export function darwinWorld(sample = PS_TABLE, userEnv = PS_USER_ENV) {
  const envLines = new Map(
    userEnv
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => [pidOf(l), l]),
  );
  const rows = new Map<number, Row>();
  for (const line of sample.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 4) continue;
    const pid = Number(cols[0]);
    rows.set(pid, { line, envLine: envLines.get(pid), pgid: Number(cols[2]), zombie: (cols[3] ?? '').startsWith('Z') });
  }
  const ignoreTerm = new Set<number>();
  const sent: Array<{ pid: number; signal: string }> = [];
  const commands: string[][] = [];

  const run = (file: string, args: readonly string[]) => {
    commands.push([file, ...args]);
    if (file !== '/bin/ps') return { stdout: '', stderr: `${file}: not found`, exitCode: 127 };
    const p = args.indexOf('-p');
    const wanted = p >= 0 ? new Set((args[p + 1] ?? '').split(',').map(Number)) : null;
    const ours = args.includes('-U');
    const hits = [...rows].filter(([pid, r]) => (!wanted || wanted.has(pid)) && (!ours || r.envLine !== undefined));
    if (args.includes('rss=,time=')) {
      return hits.length ? { stdout: PS_RSS_TIME, stderr: '', exitCode: 0 } : { stdout: '', stderr: '', exitCode: 1 };
    }
    const environment = args.includes('-E');
    const stdout = hits.map(([, r]) => `${environment ? r.envLine : r.line}\n`).join('');
    return { stdout, stderr: '', exitCode: stdout === '' ? 1 : 0 };
  };

  const kill: KillFunction = (pid, signal) => {
    const targets = pid < 0 ? [...rows].filter(([, r]) => r.pgid === -pid).map(([p]) => p) : rows.has(pid) ? [pid] : [];
    if (targets.length === 0) throw errno('ESRCH', pid);
    if (signal === 0) return;
    sent.push({ pid, signal });
    for (const target of targets) {
      const row = rows.get(target);
      if (!row || row.zombie) continue; // a zombie is already dead; signals do nothing to it
      if (signal === 'SIGTERM' && ignoreTerm.has(target)) continue;
      rows.delete(target);
    }
  };

  const options: CreatePlatformOptions = {
    platform: 'darwin',
    runner: async (file, args) => run(file, args),
    runnerSync: (file, args) => run(file, args),
    kill,
  };
  return {
    options,
    kill,
    sent,
    commands,
    ignoreTerm,
    alive: (pid: number) => rows.has(pid) && !rows.get(pid)?.zombie,
    reuse(pid: number) {
      const line = strangerLine(pid);
      rows.set(pid, { line, envLine: `${line} PATH=/usr/bin:/bin`, pgid: pid, zombie: false });
      ignoreTerm.delete(pid);
    },
  };
}
