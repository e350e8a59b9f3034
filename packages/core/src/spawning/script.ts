import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CoreError, describe } from '../errors';
import { checkArgs } from '../manager/validate';
import { NAME_ENV } from '../protocol/owner-child';
import type { ScriptOptions } from '../types';
import { type BunDiscovery, discoverBun } from './find-bun';
import type { LaunchSpec } from './launch';
import { which } from './which';

export type Runtime = 'auto' | 'bun' | 'node';

export interface ScriptDefaults {
  runtime: Runtime;
  preload: string | undefined;
  sdkPreload?: string;
  env: NodeJS.ProcessEnv;
  bunPath?: string;
  /** Told once per call when 'auto' runs node: why bun was not used (discoverBun's note). */
  onNodeFallback?: (discovery: BunDiscovery) => void;
}

/**
 * Script Kit's spawn_script: `bun run --preload <sdk> <script>` when bun is the runtime,
 * `node --import <preload-url> <script>` otherwise. With a host SDK (sdkPreload), both load,
 * the SDK first: `bun run --preload <sdk> --preload <lifeline> <script>`, and the same with
 * two `--import`s for node. 'auto' picks bun when one is found (discoverBun), else node, and
 * says why through onNodeFallback.
 */
export function scriptSpec(path: unknown, options: ScriptOptions, defaults: ScriptDefaults): LaunchSpec {
  if (typeof path !== 'string' || path === '')
    throw new CoreError('ERR_INVALID_ARGUMENT', `script path must be a non-empty string, got ${describe(path)}`);
  const script = resolve(options.cwd ?? process.cwd(), path);
  if (!isFile(script))
    throw new CoreError('ERR_SCRIPT_NOT_FOUND', `script not found: ${script} (a readable file was expected)`);
  const extra = checkArgs(options.args, 'args');
  const runtime = options.runtime ?? defaults.runtime;
  if (runtime !== 'auto' && runtime !== 'bun' && runtime !== 'node')
    throw new CoreError('ERR_INVALID_ARGUMENT', `runtime must be 'auto', 'bun' or 'node', got ${describe(runtime)}`);
  const preload = options.preload ?? defaults.preload ?? defaultPreload();
  if (!isFile(preload)) throw new CoreError('ERR_SCRIPT_NOT_FOUND', `preload not found: ${preload}`);
  const sdk = options.sdkPreload === null ? undefined : (options.sdkPreload ?? defaults.sdkPreload);
  if (sdk !== undefined && !isFile(sdk)) throw new CoreError('ERR_SCRIPT_NOT_FOUND', `sdkPreload not found: ${sdk}`);
  const preloads = sdk === undefined ? [preload] : [sdk, preload];
  const discovery = runtime === 'node' ? null : discoverBun(defaults.env, defaults.bunPath, options.cwd);
  const bun = discovery?.path ?? null;
  if (defaults.bunPath !== undefined && runtime !== 'node' && !bun)
    throw new CoreError(
      'ERR_RUNTIME_NOT_FOUND',
      `bunPath ${defaults.bunPath} is not an executable bun binary (a file, not a shell script, was expected)`,
    );
  if (runtime === 'bun' && !bun)
    throw new CoreError(
      'ERR_RUNTIME_NOT_FOUND',
      'runtime bun was requested but no bun binary was found (not on PATH, no `bun` npm package); pass bunPath',
    );
  const name = options.name ?? basename(script);
  const env = { ...options.env, [NAME_ENV]: name }; // the preload names the process after it
  const common = { options: { ...options, env }, scriptPath: script, name, watchParent: options.watchParent ?? true };
  if (bun)
    return { ...common, command: bun, args: ['run', ...preloads.flatMap((p) => ['--preload', p]), script, ...extra] };
  if (discovery) defaults.onNodeFallback?.(discovery);
  const node = nodeExecutable(defaults.env);
  const imports = preloads.flatMap((p) => ['--import', pathToFileURL(p).href]);
  return { ...common, command: node, args: [...imports, script, ...extra] };
}

function nodeExecutable(env: NodeJS.ProcessEnv): string {
  // Under bun, process.execPath is bun itself; look node up instead.
  if (!process.versions.bun) return process.execPath;
  const found = which('node', env);
  if (!found)
    throw new CoreError('ERR_RUNTIME_NOT_FOUND', 'runtime node was selected but no node executable is on PATH');
  return found;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * dist/preload.js beside the built bundle; when running from src/spawning (tests), the built
 * copy in ../../dist. Build core first (turbo's test task does).
 */
export function defaultPreload(): string {
  return builtFile('preload.js');
}

/** A file of core's dist/: beside the running bundle, or (from src/<folder>) in ../../dist. */
export function builtFile(name: string): string {
  const beside = fileURLToPath(new URL(`./${name}`, import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL(`../../dist/${name}`, import.meta.url));
}
