// One build preset for every package: ESM only, declarations, node 20 target.
// A package's tsup.config.ts is one line: `export default lifelinePreset()`.
import { defineConfig } from 'tsup';

/**
 * @param {import('tsup').Options} [overrides] extra entries (e.g. a bin) or options
 */
export function lifelinePreset(overrides = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    // Tests sit beside the code; never let them into dist.
    ...overrides,
  });
}
