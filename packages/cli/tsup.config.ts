import { lifelinePreset } from '@lifeline/tsup-config';

// Start-up time is a feature of a CLI (`lifeline ps` must stay near `node -e 0`), and module
// resolution and compilation dominate a short command. So: the small always-needed CommonJS
// packages are inlined (noExternal), each command and cli-table3 is its own chunk that is
// compiled only when that command runs (splitting). Lifeline's own packages stay external, so
// the CLI and core share one copy of persistence and platform-kill (one lock table, one error
// brand); `ps` loads persistence's zod-free main entry and never core. The bin is the committed
// shim bin/lifeline.js, which imports dist/main.js.
// createRequire gives the inlined CommonJS packages (commander, cli-table3) a require.
const banner = {
  js: "import { createRequire as __lifelineRequire } from 'node:module';\nconst require = __lifelineRequire(import.meta.url);",
};

export default [
  lifelinePreset({
    entry: ['src/index.ts', 'src/main.ts', 'src/state-dir.ts'],
    splitting: true,
    noExternal: ['commander', 'cli-table3', 'picocolors'],
    banner,
    // dist/dispatch/ is the second build's.
    clean: ['!dispatch/**'],
  }),
  // The `ps` fast path (cli.ts imports it by a runtime path, so the first build leaves it out) as
  // one file: loading it and the dozen chunks it would otherwise span costs more than `ps`'s own
  // work. cli-table3 stays a lazy import (only for cells that are not printable ASCII).
  lifelinePreset({
    entry: { 'dispatch/run-ps': 'src/dispatch/run-ps.ts' },
    splitting: false,
    noExternal: ['picocolors'],
    banner,
    dts: false,
    clean: false,
  }),
];
