/**
 * The default preload for spawnScript (`node --import @lifeline/core/preload` / `bun --preload`).
 * It names the process and, when the owner passed a watch pipe (protocol/owner-child.ts),
 * exits as soon as that pipe reaches EOF — which happens when the owner dies, even by SIGKILL.
 */
import { basename } from 'node:path';
import { NAME_ENV, OWNER_GONE_EXIT_CODE, watchOwner } from './protocol/owner-child';

const script = process.argv[1];
if (script) {
  try {
    process.title = `lifeline:${process.env[NAME_ENV] ?? basename(script)}`;
  } catch {
    // some runtimes do not allow it; the name is cosmetic
  }
}

watchOwner(() => process.exit(OWNER_GONE_EXIT_CODE));
