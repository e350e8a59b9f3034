import { readFileSync } from 'node:fs';
import { lifelinePreset } from '@lifeline/tsup-config';
import { writeCodeCache } from './src/build/code-cache';

// Start-up time is a feature of a CLI (`lifeline ps` must stay near `node -e 0`), and module
// resolution and compilation dominate a short command. Two builds:
//  1. The library and the commander program (ESM): the small always-needed CommonJS packages
//     are inlined (noExternal), each command and cli-table3 is its own chunk that is compiled
//     only when that command runs (splitting). Lifeline's own packages stay external, so the
//     CLI and core share one copy of persistence and platform-kill (one lock table, one error
//     brand) in every process that loads core.
//  2. The bin's fast path, dist/fast.cjs: a plain `ps` as one self-contained CommonJS file (on
//     Node 20 CommonJS loads without starting the ESM loader) with everything inlined —
//     persistence, platform-kill, core's owner rule (`@lifeline/core/plan`), picocolors, and
//     the lazily needed cli-table3 and zod (initialised only when a cell is not printable ASCII
//     or a record not as Lifeline writes it). A ps process loads only this file (never core's
//     index, pino, commander or an ESM copy of those packages), so it holds one copy of each.
//     Then V8's code cache of it after one ps (dist/fast.cjs.<V8 version>.v8cache, src/build/code-cache.ts)
//     spares the bin most of the compiling; with that cache a dynamic import() fails on Node 20,
//     so the file must contain none (checked below).
// The bin is the committed CommonJS shim bin/lifeline.js: fast.cjs, else dist/main.js.
// createRequire gives the inlined CommonJS packages (commander, cli-table3) a require in ESM.
const banner = {
  js: "import { createRequire as __lifelineRequire } from 'node:module';\nconst require = __lifelineRequire(import.meta.url);",
};

export default [
  lifelinePreset({
    entry: ['src/index.ts', 'src/main.ts', 'src/state-dir.ts'],
    splitting: true,
    noExternal: ['commander', 'cli-table3', 'picocolors'],
    banner,
    // dist/fast.cjs is the second build's.
    clean: ['!fast.cjs', '!fast.cjs.map', '!fast.cjs.*.v8cache'],
  }),
  lifelinePreset({
    entry: { fast: 'src/fast.ts' },
    format: ['cjs'],
    splitting: false,
    noExternal: [/^@lifeline\//, 'picocolors', 'cli-table3'],
    // persistence's dist has bare imports of its helper chunk (`__export`, no side effects).
    esbuildOptions: (options) => {
      options.logOverride = { ...options.logOverride, 'ignored-bare-import': 'silent' };
    },
    onSuccess: async () => {
      if (readFileSync('dist/fast.cjs', 'utf8').includes('import('))
        throw new Error('dist/fast.cjs contains a dynamic import(): it fails once loaded with the code cache');
      writeCodeCache('dist');
    },
    dts: false,
    clean: false,
  }),
];
