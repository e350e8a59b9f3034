import { realpath } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { PersistenceError } from '../errors';

/**
 * Kernel pseudo-file systems. No state belongs there, and Node 20's recursive
 * `fs.promises.mkdir` never settles under /proc (mkdir reports ENOENT for a parent that
 * exists, and Node retries forever), so a state dir there would hang its caller.
 */
const PSEUDO_ROOTS = ['/proc', '/sys'];

function pseudoRootOf(path: string): string | undefined {
  return PSEUDO_ROOTS.find((root) => path === root || path.startsWith(`${root}/`));
}

/** The real path of `path`: its nearest existing ancestor resolved through symlinks, plus the rest. */
async function realPathOf(path: string): Promise<string> {
  let existing = path;
  for (;;) {
    try {
      return join(await realpath(existing), relative(existing, path));
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return path;
      existing = parent;
    }
  }
}

/** Throws ERR_INVALID_OPTION when `dir` is (or, through a symlink, leads) under /proc or /sys. */
export async function refusePseudoFs(dir: string): Promise<void> {
  if (process.platform === 'win32' || sep !== '/') return;
  const absolute = resolve(dir);
  const root = pseudoRootOf(absolute) ?? pseudoRootOf(await realPathOf(absolute));
  if (root === undefined) return;
  throw new PersistenceError(
    'ERR_INVALID_OPTION',
    `state directory ${dir} is under ${root}, a kernel pseudo-file system; choose a directory on a real disk`,
    { path: dir },
  );
}
