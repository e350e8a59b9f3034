import { lifelinePreset } from '@lifeline/tsup-config';

// Start-up time is a feature of a CLI (`lifeline ps` must stay near `node -e 0`), and module
// resolution and compilation dominate a short command. So: the small always-needed packages
// are inlined (noExternal), each command and cli-table3 is its own chunk that is compiled
// only when that command runs (splitting), and core (execa, pino), persistence and pino-pretty
// stay external, imported lazily by the commands that need them (`ps` loads persistence's
// zod-free main entry and never core; the layout comes from `@lifeline/persistence/layout`).
// createRequire gives the inlined CommonJS packages (commander, cli-table3) a require.
export default lifelinePreset({
  entry: ['src/index.ts', 'src/bin.ts'],
  splitting: true,
  noExternal: [
    'commander',
    'cli-table3',
    'picocolors',
    '@lifeline/platform-kill',
    '@lifeline/persistence',
    'env-paths',
  ],
  banner: {
    js: "import { createRequire as __lifelineRequire } from 'node:module';\nconst require = __lifelineRequire(import.meta.url);",
  },
});
