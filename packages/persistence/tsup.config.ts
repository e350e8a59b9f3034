import { lifelinePreset } from '@lifeline/tsup-config';

// Three entries: the main one, `./layout` (paths only) and `./schema` (the zod schemas).
// Splitting keeps `import('./schema')` in validate/check.ts a real dynamic import (a separate
// chunk), so zod is evaluated only when a record needs it, and shares code between entries.
export default lifelinePreset({
  entry: { index: 'src/index.ts', layout: 'src/paths/layout.ts', schema: 'src/schema-entry.ts' },
  splitting: true,
});
