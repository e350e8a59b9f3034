import type { CommandRunner, CommandRunnerSync, KillFunction } from '../types';
import { PS_RSS_TIME, PS_TABLE } from '../unix/darwin/__samples__/ps';
import { errno } from './errno';

/**
 * A fake macOS process table for tests on Linux: `ps` is answered from the canned sample
 * (only the rows still "alive"), and kill() edits the table instead of signalling anything.
 */
export function darwinWorld(sample = PS_TABLE) {
  const rows = new Map<number, { line: string; pgid: number; zombie: boolean }>();
  for (const line of sample.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 4) continue;
    rows.set(Number(cols[0]), { line, pgid: Number(cols[2]), zombie: (cols[3] ?? '').startsWith('Z') });
  }
  const ignoreTerm = new Set<number>();
  const sent: Array<{ pid: number; signal: string }> = [];
  const commands: string[][] = [];

  const run = (file: string, args: readonly string[]) => {
    commands.push([file, ...args]);
    if (file !== '/bin/ps') return { stdout: '', stderr: `${file}: not found`, exitCode: 127 };
    const p = args.indexOf('-p');
    const wanted = p >= 0 ? new Set((args[p + 1] ?? '').split(',').map(Number)) : null;
    const hits = [...rows].filter(([pid]) => !wanted || wanted.has(pid));
    if (args.includes('rss=,time=')) {
      return hits.length ? { stdout: PS_RSS_TIME, stderr: '', exitCode: 0 } : { stdout: '', stderr: '', exitCode: 1 };
    }
    const stdout = hits.map(([, r]) => `${r.line}\n`).join('');
    return { stdout, stderr: '', exitCode: stdout === '' ? 1 : 0 };
  };
  const runner: CommandRunner = async (file, args) => run(file, args);
  const runnerSync: CommandRunnerSync = (file, args) => run(file, args);

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

  return {
    runner,
    runnerSync,
    kill,
    sent,
    commands,
    ignoreTerm,
    alive: (pid: number) => rows.has(pid) && !rows.get(pid)?.zombie,
  };
}
