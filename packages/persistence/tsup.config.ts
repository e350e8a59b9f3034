import { lifelinePreset } from '@lifeline/tsup-config';

// Three entries: the main one, `./layout` (paths only) and `./schema` (the zod schemas).
// Splitting keeps `import('./schema')` in validate/check.ts a real dynamic import (a separate
// chunk), so zod is evaluated only when a record needs it, and shares code between entries.
// zod is bundled into the schema chunk (it is a devDependency): its package entry re-exports
// every locale (~60 modules, all opened at once by Node's ESM loader, which fails with EMFILE at
// `ulimit -n 64`); bundled and tree-shaken, the schemas load as one file with English only.
export default lifelinePreset({
  entry: { index: 'src/index.ts', layout: 'src/paths/layout.ts', schema: 'src/schema-entry.ts' },
  splitting: true,
  noExternal: ['zod'],
});
