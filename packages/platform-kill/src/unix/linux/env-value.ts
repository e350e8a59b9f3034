import { findEnv } from './parse-proc-files';
import { listPids, readText, statOrNull } from './proc';

/**
 * Live (non-zombie) processes whose environment holds `name` with one of `values` — exactly,
 * or (prefix) starting with it — read from /proc/<pid>/environ in one pass over the process
 * table. Returns each wanted value with the pids that matched it (a value nobody carries is absent).
 */
export function findByEnvValue(name: string, values: readonly string[], prefix: boolean): Map<string, number[]> {
  const found = new Map<string, number[]>();
  if (values.length === 0) return found;
  const wanted = new Set(values);
  for (const pid of listPids()) {
    if (pid === process.pid) continue;
    const raw = readText(`/proc/${pid}/environ`);
    const value = raw === null ? undefined : findEnv(raw, name);
    if (value === undefined) continue;
    const match = prefix ? values.find((v) => value.startsWith(v)) : wanted.has(value) ? value : undefined;
    if (match === undefined) continue;
    const state = statOrNull(pid)?.state;
    if (state === undefined || state === 'zombie' || state === 'dead') continue;
    found.set(match, [...(found.get(match) ?? []), pid]);
  }
  return found;
}
