import type { CreatePlatformOptions, KillFunction } from '../types';
import { CIM_TABLE, TASKKILL } from '../windows/__samples__/cim';
import { powershellPath, taskkillPath } from '../windows/commands';
import { errno } from './errno';

interface Row {
  ProcessId: number;
  ParentProcessId: number;
  CreationDate: string | null;
  [key: string]: unknown;
}

/**
 * A fake Windows for tests on Linux: PowerShell answers from the canned CIM sample (our exact
 * command, with or without a ProcessId filter), taskkill edits the table, kill(pid, 0) checks it.
 * Any other path fails, which proves the adapter builds tool paths from SystemRoot. `reuse(pid)`
 * replaces a process by a stranger that took its pid — kill(pid, 0) still succeeds, only the
 * CreationDate tells them apart.
 */
export function windowsWorld(env: Record<string, string> = { SystemRoot: 'D:\\WinRoot' }) {
  const rows = new Map<number, Row>((JSON.parse(CIM_TABLE) as Row[]).map((r) => [r.ProcessId, r]));
  /** Pids whose graceful taskkill fails ("can only be terminated forcefully"), like console apps. */
  const forceOnly = new Set<number>();
  const taskkills: string[][] = [];

  /** What taskkill /T would reach: ParentProcessId links, as taskkill follows them. */
  const subtree = (pid: number): number[] => {
    const out = [pid];
    for (let i = 0; i < out.length; i++) {
      for (const r of rows.values()) {
        if (r.ParentProcessId === out[i] && r.ProcessId !== r.ParentProcessId && !out.includes(r.ProcessId)) {
          out.push(r.ProcessId);
        }
      }
    }
    return out;
  };

  const run = (file: string, args: readonly string[]) => {
    if (file === powershellPath(env)) {
      const script = args[args.length - 1] ?? '';
      const wanted = [...script.matchAll(/ProcessId=(\d+)/g)].map((m) => Number(m[1]));
      const hits = [...rows.values()].filter((r) => wanted.length === 0 || wanted.includes(r.ProcessId));
      const stdout = hits.length === 0 ? '' : JSON.stringify(hits.length === 1 ? hits[0] : hits);
      return { stdout, stderr: '', exitCode: 0 };
    }
    if (file === taskkillPath(env)) {
      taskkills.push([...args]);
      const pid = Number(args[args.indexOf('/PID') + 1]);
      const force = args.includes('/F');
      const row = rows.get(pid);
      if (!row) return { stdout: '', stderr: TASKKILL.notFound(pid), exitCode: 128 };
      const tree = args.includes('/T') ? subtree(pid) : [pid];
      if (!force && tree.some((p) => forceOnly.has(p))) {
        return { stdout: '', stderr: TASKKILL.forceOnly(pid, row.ParentProcessId), exitCode: 1 };
      }
      const lines = tree.map((p) =>
        (force ? TASKKILL.forceOk : TASKKILL.gracefulOk)(p, rows.get(p)?.ParentProcessId ?? 0),
      );
      for (const p of tree) rows.delete(p);
      return { stdout: lines.join(''), stderr: '', exitCode: 0 };
    }
    return { stdout: '', stderr: `'${file}' is not recognized`, exitCode: 9009 };
  };
  const kill: KillFunction = (pid, signal) => {
    if (signal !== 0)
      throw new Error(`the windows adapter must end processes with taskkill, not kill(${pid}, ${signal})`);
    if (!rows.has(pid)) throw errno('ESRCH', pid);
  };
  const options: CreatePlatformOptions = {
    platform: 'windows',
    runner: async (file, args) => run(file, args),
    runnerSync: (file, args) => run(file, args),
    kill,
    env,
  };
  return {
    env,
    options,
    taskkills,
    forceOnly,
    alive: (pid: number) => rows.has(pid),
    reuse(pid: number) {
      rows.set(pid, {
        ProcessId: pid,
        ParentProcessId: 80100,
        Name: 'stranger.exe',
        CommandLine: '"C:\\Tools\\stranger.exe" --took-a-reused-pid',
        CreationDate: '2024-01-15T11:00:00.0000000Z',
        WorkingSetSize: 4096000,
        KernelModeTime: 0,
        UserModeTime: 0,
      });
      forceOnly.delete(pid);
    },
  };
}
