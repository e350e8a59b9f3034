import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A finished run's output file in logs/runs, as core's createOutputFile names them:
 * `<name>-<time>-<seq>.log` (older launchers added `.<pid>` before `.log`). Only used once a
 * run's record is gone: a live child's file is found through its record (sources.ts).
 */
export interface RunFile {
  path: string;
  name: string;
  /** The run's time stamp as written in the file name (sorts in time order). */
  stamp: string;
  seq: number;
  pid: number | null;
}

const RUN_FILE = /^(.+)-(\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}-\d{3})-(\d+)(?:\.(\d+))?\.log$/;

export function parseRunFile(dir: string, file: string): RunFile | null {
  const m = RUN_FILE.exec(file);
  if (!m) return null;
  return {
    path: join(dir, file),
    name: m[1] as string,
    stamp: m[2] as string,
    seq: Number(m[3]),
    pid: m[4] ? Number(m[4]) : null,
  };
}

/** Every run file in `dir`, oldest first; an absent directory is no runs. */
export async function listRunFiles(dir: string, since?: number): Promise<RunFile[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files = names.flatMap((n) => parseRunFile(dir, n) ?? []);
  const kept =
    since === undefined
      ? files
      : (
          await Promise.all(
            files.map(async (f) =>
              (await stat(f.path).then(
                (s) => s.mtimeMs,
                () => 0,
              )) >= since
                ? f
                : null,
            ),
          )
        ).filter((f): f is RunFile => f !== null);
  return kept.sort((a, b) => a.stamp.localeCompare(b.stamp) || a.seq - b.seq);
}

export type RunTarget = { pid: number } | { name: string } | null;
