import type { CommandRunner, CommandRunnerSync, KillFunction } from '../types';
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
 * command), taskkill edits the table, kill(pid, 0) checks it. Any other path fails, which proves
 * the adapter builds tool paths from SystemRoot.
 */
export function windowsWorld(env: Record<string, string> = { SystemRoot: 'D:\\WinRoot' }) {
  const rows = new Map<number, Row>((JSON.parse(CIM_TABLE) as Row[]).map((r) => [r.ProcessId, r]));
  /** Pids whose graceful taskkill fails ("can only be terminated forcefully"), like console apps. */
  const forceOnly = new Set<number>();
  const taskkills: string[][] = [];

  const subtree = (pid: number): number[] => {
    const out = [pid];
    for (let i = 0; i < out.length; i++) {
      const parent = rows.get(out[i] as number);
      for (const r of rows.values()) {
        const newer = !parent?.CreationDate || !r.CreationDate || r.CreationDate >= parent.CreationDate;
        if (r.ParentProcessId === out[i] && r.ProcessId !== r.ParentProcessId && newer && !out.includes(r.ProcessId)) {
          out.push(r.ProcessId);
        }
      }
    }
    return out;
  };

  const run = (file: string, args: readonly string[]) => {
    if (file === powershellPath(env)) {
      const script = args[args.length - 1] ?? '';
      const filter = /ProcessId=(\d+)/.exec(script);
      const hits = [...rows.values()].filter((r) => !filter || r.ProcessId === Number(filter[1]));
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
  const runner: CommandRunner = async (file, args) => run(file, args);
  const runnerSync: CommandRunnerSync = (file, args) => run(file, args);
  const kill: KillFunction = (pid, signal) => {
    if (signal !== 0)
      throw new Error(`the windows adapter must end processes with taskkill, not kill(${pid}, ${signal})`);
    if (!rows.has(pid)) throw errno('ESRCH', pid);
  };
  return { env, runner, runnerSync, kill, taskkills, forceOnly, alive: (pid: number) => rows.has(pid) };
}
