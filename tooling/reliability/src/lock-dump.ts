import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { procState } from '@lifeline/test-utils';

/**
 * What a registry lock directory holds right now (names, small file contents, and whether each
 * pid named in them is alive), so a lock that never frees up can be reported with evidence.
 */
export async function dumpLock(registryFile: string): Promise<string> {
  const dir = `${registryFile}.lock`;
  const parts: string[] = [];
  const walk = async (path: string, depth: number): Promise<void> => {
    const entries = await readdir(path).catch(() => null);
    if (entries === null) return;
    for (const name of entries) {
      const full = join(path, name);
      const info = await stat(full).catch(() => null);
      if (!info) continue;
      const rel = full.slice(dir.length + 1);
      if (info.isDirectory()) {
        parts.push(`${rel}/ (age ${Math.round(Date.now() - info.mtimeMs)} ms)`);
        if (depth < 2) await walk(full, depth + 1);
      } else {
        const text = (await readFile(full, 'utf8').catch(() => '')).slice(0, 300);
        const pids = [...text.matchAll(/"pid":\s*(\d+)/g)].map((m) => `${m[1]}=${procState(Number(m[1])) ?? 'gone'}`);
        parts.push(
          `${rel} (age ${Math.round(Date.now() - info.mtimeMs)} ms): ${text.replace(/\s+/g, ' ')}${pids.length ? ` [pid states: ${pids.join(', ')}]` : ''}`,
        );
      }
    }
  };
  const siblings = (await readdir(join(dir, '..')).catch(() => [] as string[])).filter(
    (n) => n.includes('.lock') || n.includes('.tmp-'),
  );
  parts.push(`state dir lock/temp entries: ${siblings.join(', ') || 'none'}`);
  const top = await stat(dir).catch(() => null);
  if (!top) return parts.join(' | ');
  parts.push(`${dir.split('/').pop()}/ (age ${Math.round(Date.now() - top.mtimeMs)} ms)`);
  await walk(dir, 0);
  return parts.join(' | ');
}
