import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { which } from './which';

/**
 * The bun executable for spawnScript, or null. The tracked process must be bun itself, so a
 * shell wrapper never qualifies: the `bun` npm package ships bin/bun.exe (on every platform)
 * and package managers put an sh wrapper at node_modules/.bin/bun that runs it without exec.
 * Order: an explicit path; `bun` on PATH if it is a real binary; the npm package's binary,
 * beside such a wrapper or resolved from the working directory.
 */
export function findBun(env: NodeJS.ProcessEnv, explicit?: string, cwd = process.cwd()): string | null {
  if (explicit !== undefined) return isExecutableFile(explicit) && !isScript(explicit) ? explicit : null;
  const onPath = which('bun', env);
  if (onPath && !isScript(onPath)) return onPath;
  const candidates: string[] = [];
  // node_modules/.bin/bun → node_modules/bun/bin/bun.exe
  if (onPath) candidates.push(join(dirname(onPath), '..', 'bun', 'bin', 'bun.exe'));
  try {
    const pkg = createRequire(join(cwd, 'noop.js')).resolve('bun/package.json');
    candidates.push(join(dirname(pkg), 'bin', 'bun.exe'), join(dirname(pkg), 'bin', 'bun'));
  } catch {
    // no bun package installed here
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
