import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built preload (dist/sdk/preload.js): beside dist/bin.js, or from src/ (tests) in ../dist.
 * Scripts always load the built file: node --import cannot load TypeScript.
 */
export function preloadPath(): string {
  return builtSdkFile('preload.js');
}

/** The built stand-in host SDK (dist/sdk/stand-in-sdk.js), found the same way. */
export function standInSdkPath(): string {
  return builtSdkFile('stand-in-sdk.js');
}

function builtSdkFile(name: string): string {
  for (const relative of [`./sdk/${name}`, `../dist/sdk/${name}`, `../../dist/sdk/${name}`]) {
    const candidate = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(candidate)) return candidate;
  }
  return fileURLToPath(new URL(`./sdk/${name}`, import.meta.url));
}

/** Where each run's output goes: <logs>/runs/<script>-<time>-<seq>.log (stdout and stderr together). */
export function runLogFile(logsDir: string, script: string, seq: number, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-').replace('T', '_').slice(0, 23);
  const safe = script.replace(/[^A-Za-z0-9._-]/g, '_');
  return join(logsDir, 'runs', `${safe}-${stamp}-${seq}.log`);
}

/**
 * The same file once the run's pid is known: `<script>-<time>-<seq>.<pid>.log`, so
 * `lifeline logs <pid>` (and a reader of the folder) can find a run by pid.
 */
export function withPid(logFile: string, pid: number): string {
  return logFile.replace(/\.log$/, `.${pid}.log`);
}

/** Folder for the launcher's own helper links (bun exposed under its name). */
export function runtimeLinkDir(stateDir: string): string {
  return join(stateDir, 'bin');
}
