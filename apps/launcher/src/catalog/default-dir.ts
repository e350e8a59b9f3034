import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The demo scripts shipped with the app (apps/launcher/scripts). From dist/bin.js and from
 * src/ (tests) the folder is one level up.
 */
export function defaultScriptsDir(): string {
  for (const relative of ['../scripts', '../../scripts']) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  return fileURLToPath(new URL('../scripts', import.meta.url));
}
