import { basename } from 'node:path';
import { openRegularFile } from './output-path.js';
import type { RunTarget } from './run-files.js';
import { LineTail } from './tail.js';

/** How much of the lifecycle log's end is searched (it is appended to for as long as the state dir lives). */
const LOG_BYTES = 8 * 1024 * 1024;

export interface SpawnedOutput {
  pid: number;
  name: string;
  paths: string[];
}

/**
 * A finished child's output, from the lifecycle log: core logs each `spawned` child with its
 * name and, when captured, its `output` files — which outlive its record. The last such line
 * for the pid or name asked for (in the log's last 8 MiB), or null. The paths are as untrusted
 * as a record's: the caller checks them (refusalOf).
 */
export async function lastSpawnedOutput(
  logFile: string,
  target: Exclude<RunTarget, null>,
): Promise<SpawnedOutput | null> {
  const lines = await new LineTail(logFile, 0, openRegularFile).last(Number.MAX_SAFE_INTEGER, LOG_BYTES);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    if (!line.includes('"spawned"') || !line.includes('"output"')) continue;
    const found = parse(line);
    if (!found) continue;
    if ('pid' in target ? found.pid === target.pid : found.name === target.name) return found;
  }
  return null;
}

function parse(line: string): SpawnedOutput | null {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof entry !== 'object' || entry === null || entry.event !== 'spawned') return null;
  const { pid, name, script, output } = entry;
  if (typeof pid !== 'number' || typeof output !== 'object' || output === null) return null;
  const { stdout, stderr } = output as Record<string, unknown>;
  const paths = [...new Set([stdout, stderr])].filter((p): p is string => typeof p === 'string');
  if (paths.length === 0) return null;
  const label = typeof name === 'string' && name ? name : typeof script === 'string' ? basename(script) : String(pid);
  return { pid, name: label, paths };
}
