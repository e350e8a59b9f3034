import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { which } from './which';

/**
 * The bun executable for spawnScript, or null. The tracked process must be bun itself, so a
 * shell wrapper never qualifies: the `bun` npm package ships bin/bun.exe (on every platform)
 * and package managers put an sh wrapper at node_modules/.bin/bun that runs it without exec.
 * Order: an explicit path; `bun` on PATH if it is a real binary; the npm package's binary,
 * beside such a wrapper or in a node_modules/bun of the working directory or one above it.
 */
export function findBun(env: NodeJS.ProcessEnv, explicit?: string, cwd = process.cwd()): string | null {
  if (explicit !== undefined) return isExecutableFile(explicit) && !isScript(explicit) ? explicit : null;
  const onPath = which('bun', env);
  if (onPath && !isScript(onPath)) return onPath;
  const candidates: string[] = [];
  // node_modules/.bin/bun → node_modules/bun/bin/bun.exe
  if (onPath) candidates.push(join(dirname(onPath), '..', 'bun', 'bin', 'bun.exe'));
  // Walk up from the working directory as node's resolution would, but without NODE_PATH or
  // global folders: only a bun package the project itself installed counts.
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    candidates.push(join(dir, 'node_modules', 'bun', 'bin', 'bun.exe'), join(dir, 'node_modules', 'bun', 'bin', 'bun'));
    if (dirname(dir) === dir) break;
  }
  return candidates.find((c) => isExecutableFile(c) && !isScript(c)) ?? null;
}

function isExecutableFile(path: string): boolean {
  try {
    const st = statSync(path);
    return st.isFile() && (process.platform === 'win32' || (st.mode & 0o111) !== 0);
  } catch {
    return false;
  }
}

/** Starts with '#!': a script run by an interpreter, not the runtime itself. */
function isScript(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head.toString('latin1') === '#!';
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
