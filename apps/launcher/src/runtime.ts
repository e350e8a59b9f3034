import { accessSync, constants, mkdirSync, readlinkSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import type { RuntimeChoice } from './args';
import { LauncherError } from './errors';

export interface ResolvedRuntime {
  runtime: 'bun' | 'node';
  /** The bun binary used, when runtime is bun. */
  bunPath: string | null;
  /** Environment for core's PATH lookups (bun made findable when it came with the app). */
  env: NodeJS.ProcessEnv;
  /** One line for the user: which runtime and why. */
  note: string;
  /** Set when the requested runtime is missing: scripts will fail to start with this message. */
  problem: string | null;
}

export interface RuntimeProbe {
  onPath(name: string, env: NodeJS.ProcessEnv): string | null;
  bundledBun(): string | null;
}

/**
 * Pick the runtime for scripts. bun is preferred (the spec runs `bun run --preload`): first a
 * bun on PATH, then the one installed with the app (npm package `bun`). node is the fallback.
 * A missing runtime is not fatal: the launcher keeps running and says why scripts cannot start.
 */
export function resolveRuntime(
  choice: RuntimeChoice,
  options: { env: NodeJS.ProcessEnv; linkDir: string; probe?: RuntimeProbe },
): ResolvedRuntime {
  const probe = options.probe ?? defaultProbe;
  const env = { ...options.env };
  if (choice !== 'node') {
    const onPath = probe.onPath('bun', env);
    if (onPath) {
      // First on PATH for core's lookup too (pnpm puts the package's wrapper-script `bun` earlier).
      env.PATH = [dirname(onPath), env.PATH ?? ''].filter(Boolean).join(delimiter);
      return { runtime: 'bun', bunPath: onPath, env, note: `runtime: bun (${onPath})`, problem: null };
    }
    const bundled = probe.bundledBun();
    if (bundled) {
      // core finds bun on PATH by the name `bun`; the npm package names the binary bun.exe,
      // so expose it as <state dir>/bin/bun (a symlink: the child *is* bun, no wrapper shell).
      const dir = linkAs(bundled, options.linkDir, 'bun');
      env.PATH = [dir, env.PATH ?? ''].filter(Boolean).join(delimiter);
      return { runtime: 'bun', bunPath: bundled, env, note: `runtime: bun (installed with the app)`, problem: null };
    }
    if (choice === 'bun') {
      const problem =
        "bun was not found (not on PATH, and the app's bun package is not installed): scripts cannot start. Install bun or use --runtime node.";
      return { runtime: 'bun', bunPath: null, env, note: 'runtime: bun (missing)', problem };
    }
  }
  const why = choice === 'node' ? 'as asked' : 'bun not found';
  return {
    runtime: 'node',
    bunPath: null,
    env,
    note: `runtime: node ${process.versions.node} (${why})`,
    problem: null,
  };
}

function linkAs(target: string, dir: string, name: string): string {
  const link = join(dir, name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  let current: string | null = null;
  try {
    current = readlinkSync(link);
  } catch {
    // absent (or not a link: replaced below)
  }
  if (current !== target) {
    try {
      unlinkSync(link);
    } catch {
      // absent
    }
    symlinkSync(target, link);
  }
  return dir;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    // The npm package ships a tiny placeholder that its postinstall replaces with the binary.
    return statSync(path).size > 1_000_000;
  } catch {
    return false;
  }
}

export const defaultProbe: RuntimeProbe = {
  onPath(name, env) {
    for (const dir of (env.PATH ?? '').split(delimiter)) {
      if (!dir) continue;
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
    return null;
  },
  bundledBun() {
    try {
      const pkg = createRequire(import.meta.url).resolve('bun/package.json');
      const binary = join(dirname(pkg), 'bin', 'bun.exe');
      return isExecutable(binary) ? binary : null;
    } catch {
      return null;
    }
  },
};

/** For `--runtime bun` with no bun: the error scripts fail with. */
export function runtimeMissing(problem: string): LauncherError {
  return new LauncherError('ERR_RUNTIME_NOT_FOUND', problem);
}
