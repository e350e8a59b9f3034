import { basename, join } from 'node:path';
import type { ProcessRecord, StateLayout } from '@lifeline/persistence';
import { readRecords } from '../tracked/read-records.js';
import { refusalOf } from './output-path.js';
import { listRunFiles, type RunFile, type RunTarget } from './run-files.js';
import { lastSpawnedOutput } from './spawned-output.js';

/** One file of script output to show: whose it is, and where. */
export interface OutputSource {
  path: string;
  /** The prefix: the record's name (or its script's basename), or the run file's name. */
  name: string;
  pid: number | null;
}

/** An output path a record names that is not read, and why (refusalOf). */
export interface Refusal {
  pid: number;
  path: string;
  reason: string;
}

export interface Sources {
  shown: OutputSource[];
  /** Every file seen (shown or not): a later poll follows only files that are new. */
  seen: Set<string>;
  refused: Refusal[];
  /** Names of the finished runs found, for the "nothing found" message. */
  runNames: string[];
  /** Records of the target whose output is not captured to a file (inherited, piped, ignored). */
  uncaptured: Array<{ pid: number; name: string }>;
}

/**
 * Where `lifeline logs [NAME|PID]` reads, in this order:
 * 1. The records: a child whose stdout/stderr were captured to files (core's `output` field,
 *    written by the launcher and `lifeline run --log`) — each file once, checked by refusalOf.
 * 2. For names with no live record (the run has exited and its record is gone): the latest
 *    finished run's file in logs/runs — the files core's createOutputFile makes there, read by
 *    name from the file name (`<name>-<time>-<seq>[.<pid>].log`; older launchers added the pid).
 * 3. `fromLog`, for a NAME or PID that neither found: the lifecycle log's last `spawned` line
 *    for it, which names the files of a finished child (a finished `logs PID`, or a file
 *    outside logs/runs).
 */
export async function findSources(
  layout: StateLayout,
  target: RunTarget,
  options: { since?: number; fromLog?: boolean } = {},
): Promise<Sources> {
  const { records } = await readRecords(layout).catch(() => ({ records: [] as ProcessRecord[] }));
  const shown: OutputSource[] = [];
  const refused: Refusal[] = [];
  const seen = new Set<string>();
  const uncaptured: Sources['uncaptured'] = [];
  /** A path a record or a log line claims: shown once refusalOf lets it through, else refused. */
  const claimed = async (pid: number, name: string, path: string) => {
    const reason = await refusalOf(layout.logsDir, path);
    if (reason) refused.push({ pid, path, reason });
    else shown.push({ path, name, pid });
  };
  for (const record of records) {
    const name = record.name || basename(record.script_path);
    if (!record.output) {
      if (target !== null && matchesTarget(name, record.pid, target)) uncaptured.push({ pid: record.pid, name });
      continue;
    }
    for (const path of new Set([record.output.stdout, record.output.stderr])) {
      if (path === undefined || seen.has(path)) continue;
      seen.add(path);
      if (matchesTarget(name, record.pid, target)) await claimed(record.pid, name, path);
    }
  }
  const files = await listRunFiles(join(layout.logsDir, 'runs'), options.since);
  const liveNames = new Set(shown.map((s) => s.name));
  const latest = new Map<string, RunFile>();
  for (const file of files) {
    if (seen.has(file.path)) continue;
    seen.add(file.path);
    if (!matchesTarget(file.name, file.pid, target) || liveNames.has(file.name)) continue;
    // A pid names one run; a name (or no target) its latest run.
    latest.set(target && 'pid' in target ? file.path : file.name, file);
  }
  for (const file of [...latest.values()].slice(-20)) {
    // A planted symlink or FIFO in logs/runs is refused quietly: no record claimed it.
    if (await refusalOf(layout.logsDir, file.path)) continue;
    shown.push({ path: file.path, name: file.name, pid: file.pid });
  }
  if (target !== null && options.fromLog && shown.length === 0 && refused.length === 0) {
    const spawned = await lastSpawnedOutput(layout.logFile, target);
    // Its file may be a run file seen above under another target: shown all the same.
    if (spawned) for (const path of spawned.paths) await claimed(spawned.pid, spawned.name, path);
  }
  return { shown, seen, refused, runNames: [...new Set(files.map((f) => f.name))], uncaptured };
}

export function matchesTarget(name: string, pid: number | null, target: RunTarget): boolean {
  if (target === null) return true;
  return 'pid' in target ? pid === target.pid : name === target.name;
}
