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

/** Folder for the launcher's own helper links (bun exposed under its name). */
export function runtimeLinkDir(stateDir: string): string {
  return join(stateDir, 'bin');
}
