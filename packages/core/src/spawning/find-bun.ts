import { closeSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { which } from './which';

/** How spawnScript's bun was found, or why there is none (then 'auto' runs node and says so). */
export interface BunDiscovery {
  /** The bun binary, or null. */
  path: string | null;
  /** explicit: bunPath; path: a real binary on PATH; shim: resolved from a `#!` script on PATH; package: the npm package of the working directory. */
  source: 'explicit' | 'path' | 'shim' | 'package' | null;
  /** The `#!` script on PATH that was resolved (source 'shim'), or that could not be (path null). */
  shim: string | null;
  /** Why there is no bun (path null), e.g. "bun on PATH (…) is a #! script whose bun binary could not be found". */
  reason: string | null;
  /** One line: what was found, or why node is used instead. */
  note: string;
}

/** Bytes of a shim we read to find the binary it runs: npm's and pnpm's are under 1 KiB. */
const SHIM_CAP = 64 * 1024;

/**
 * The bun executable for spawnScript. The tracked process must be bun itself, so a `#!` script
 * never qualifies: package managers put a shim at node_modules/.bin/bun (pnpm: an sh script
 * that runs ../bun/bin/bun.exe without exec; a global install may be the same), so a shim is
 * resolved to the binary it runs. Order: an explicit path; `bun` on PATH if it is a real binary
 * (symlinks followed); the binary a `bun` shim on PATH names, or the bun npm package beside it
 * (bin/bun.exe, or its platform package @oven/bun-<os>-<arch>/bin/bun); the npm package in a
 * node_modules of the working directory or one above it.
 */
export function discoverBun(env: NodeJS.ProcessEnv, explicit?: string, cwd = process.cwd()): BunDiscovery {
  if (explicit !== undefined) {
    if (isBinary(explicit)) return found(explicit, 'explicit', null);
    const resolved = isScript(explicit) ? shimTarget(explicit) : null;
    if (resolved) return found(resolved, 'shim', explicit);
    return none(null, `bunPath ${explicit} is not an executable bun binary`);
  }
  const onPath = which('bun', env);
  if (onPath && isBinary(onPath)) return found(onPath, 'path', null);
  const shim = onPath && isScript(onPath) ? onPath : null;
  if (shim) {
    const resolved = shimTarget(shim);
    if (resolved) return found(resolved, 'shim', shim);
  }
  // Walk up from the working directory as node's resolution would, but without NODE_PATH or
  // global folders: only a bun package the project itself installed counts.
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const binary = packageBinary(join(dir, 'node_modules'));
    if (binary) return found(binary, 'package', shim);
    if (dirname(dir) === dir) break;
  }
  if (shim)
    return none(
      shim,
      `bun on PATH (${shim}) is a #! script whose bun binary could not be found (not named in it, no bun package beside it)`,
    );
  return none(null, 'no bun on PATH and no bun npm package in the working directory or above');
}

/** = discoverBun(...).path */
export function findBun(env: NodeJS.ProcessEnv, explicit?: string, cwd = process.cwd()): string | null {
  return discoverBun(env, explicit, cwd).path;
}

function found(path: string, source: BunDiscovery['source'], shim: string | null): BunDiscovery {
  const via = shim ? ` (resolved from the #! script ${shim})` : '';
  return { path, source, shim, reason: null, note: `bun: ${path}${via}` };
}

function none(shim: string | null, why: string): BunDiscovery {
  return { path: null, source: null, shim, reason: why, note: `no bun: ${why}; runtime 'auto' falls back to node` };
}

/**
 * The binary a shim runs: an absolute path, or one relative to the shim's folder (`$basedir`,
 * `${basedir}`, `$(dirname "$0")`), that contains `bun` and is a real binary; else the bun npm
 * package beside the shim (node_modules/.bin/bun → node_modules/bun).
 */
function shimTarget(shim: string): string | null {
  const base = dirname(shim);
  const text = readHead(shim);
  if (text !== null) {
    const expanded = text.replace(/\$\{?basedir\}?|\$\(dirname "?\$0"?\)/g, base);
    for (const [, quoted, bare] of expanded.matchAll(/"([^"\n]*bun[^"\n]*)"|(\S*\/bun[^\s"';]*)/g)) {
      const candidate = quoted ?? bare;
      if (candidate && isAbsolute(candidate) && isBinary(candidate)) return resolve(candidate);
    }
  }
  return packageBinary(join(base, '..'));
}

/** In a node_modules folder: bun/bin/bun.exe (postinstall put the binary there), else its platform package. */
function packageBinary(nodeModules: string): string | null {
  const pkg = join(nodeModules, 'bun');
  const candidates = [join(pkg, 'bin', 'bun.exe'), join(pkg, 'bin', 'bun')];
  // The platform package sits beside the bun package: in node_modules (npm) or, for pnpm, beside its real path.
  const roots = [nodeModules];
  try {
    roots.push(dirname(realpathSync(pkg)));
  } catch {
    // no bun package here
  }
  const os = platform() === 'win32' ? 'windows' : platform();
  const cpu = arch() === 'arm64' ? 'aarch64' : arch();
  for (const root of roots)
    for (const flavour of ['', '-baseline', '-musl'])
      candidates.push(join(root, '@oven', `bun-${os}-${cpu}${flavour}`, 'bin', os === 'windows' ? 'bun.exe' : 'bun'));
  return candidates.find(isBinary) ?? null;
}

function isBinary(path: string): boolean {
  return isExecutableFile(path) && !isScript(path);
}

function isExecutableFile(path: string): boolean {
  try {
    const st = statSync(path);
    return st.isFile() && (process.platform === 'win32' || (st.mode & 0o111) !== 0);
  } catch {
    return false;
  }
}

function readHead(path: string, bytes = SHIM_CAP): string | null {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(bytes);
    const length = readSync(fd, head, 0, bytes, 0);
    return head.subarray(0, length).toString('utf8');
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Starts with '#!': a script run by an interpreter, not the runtime itself. */
function isScript(path: string): boolean {
  return readHead(path, 2) === '#!';
}
