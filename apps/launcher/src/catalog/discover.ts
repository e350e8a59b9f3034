import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { LauncherError } from '../errors';

/** A script the launcher can run. */
export interface ScriptEntry {
  /** File name without extension: what the user types and sees. */
  name: string;
  path: string;
  /** From a `// Description:` line at the top of the file (Script Kit's metadata style). */
  description: string;
  /** TypeScript: node 20 cannot run it, bun can. */
  needsBun: boolean;
}

const JS = new Set(['.js', '.mjs', '.cjs']);
const TS = new Set(['.ts', '.mts', '.cts', '.tsx', '.jsx']);

/**
 * The scripts in `dir`, sorted by name. Throws ERR_SCRIPTS_DIR with a message that says what
 * is wrong when the folder is missing, not a folder, or has no scripts.
 */
export async function discoverScripts(dir: string): Promise<ScriptEntry[]> {
  const absolute = resolve(dir);
  let names: string[];
  try {
    const info = await stat(absolute);
    if (!info.isDirectory()) throw new LauncherError('ERR_SCRIPTS_DIR', `scripts folder ${absolute} is not a folder`);
    names = await readdir(absolute);
  } catch (error) {
    if (LauncherError.isInstance(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (error as Error).message})`;
    throw new LauncherError('ERR_SCRIPTS_DIR', `scripts folder ${absolute} ${why}`, { cause: error });
  }
  const entries: ScriptEntry[] = [];
  for (const file of names.sort()) {
    const ext = extname(file);
    if (!JS.has(ext) && !TS.has(ext)) continue;
    if (file.startsWith('.') || /\.(test|spec|d)\.[cm]?[jt]sx?$/.test(file)) continue;
    const path = join(absolute, file);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) continue;
    entries.push({ name: basename(file, ext), path, description: await readDescription(path), needsBun: TS.has(ext) });
  }
  if (entries.length === 0)
    throw new LauncherError(
      'ERR_SCRIPTS_DIR',
      `scripts folder ${absolute} has no scripts (expected .js, .mjs, .cjs or .ts files)`,
    );
  return entries;
}

async function readDescription(path: string): Promise<string> {
  try {
    const head = (await readFile(path, 'utf8')).slice(0, 2048);
    return /^\s*\/\/\s*Description:\s*(.+)$/m.exec(head)?.[1]?.trim() ?? '';
  } catch {
    return '';
  }
}

/** Find a script by name (or file name). Throws ERR_SCRIPT_NOT_FOUND naming the choices. */
export function findScript(scripts: ScriptEntry[], wanted: string): ScriptEntry {
  const hit = scripts.find((s) => s.name === wanted || basename(s.path) === wanted);
  if (hit) return hit;
  throw new LauncherError(
    'ERR_SCRIPT_NOT_FOUND',
    `no script named ${JSON.stringify(wanted)}; available: ${scripts.map((s) => s.name).join(', ')}`,
  );
}

/**
 * Case-insensitive filter as typed in the filter box: names that start with the text first,
 * then names that contain it, then descriptions that contain it.
 */
export function filterScripts(scripts: ScriptEntry[], query: string): ScriptEntry[] {
  const q = query.trim().toLowerCase();
  if (q === '') return scripts;
  const rank = (s: ScriptEntry) => {
    const name = s.name.toLowerCase();
    if (name.startsWith(q)) return 0;
    if (name.includes(q)) return 1;
    return s.description.toLowerCase().includes(q) ? 2 : -1;
  };
  return scripts
    .map((script) => ({ script, rank: rank(script) }))
    .filter((entry) => entry.rank >= 0)
    .sort((a, b) => a.rank - b.rank)
    .map((entry) => entry.script);
}
