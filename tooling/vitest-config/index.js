// Shared vitest preset. Every test has a timeout (no test may hang CI), Node
// warnings fail the test that caused them (setup.js), and when
// LIFELINE_TEST_REPORT is set a JSON report is written so tooling/scripts/test-all.mjs
// can print one "N passed, N failed" line for the whole workspace.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const setupFile = fileURLToPath(new URL('./setup.js', import.meta.url));

/** @param {import('vitest/config').ViteUserConfig['test']} [overrides] */
export function lifelineVitest(overrides = {}) {
  const reporters = process.env.LIFELINE_TEST_REPORT
    ? ['default', ['json', { outputFile: '.vitest-report.json' }]]
    : ['default'];
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      environment: 'node',
      pool: 'forks',
      // Ceilings, not speed limits: end-to-end tests spawn real processes, and on a busy 2-core
      // machine (load ~9) a 20 s run is normal. Tests wait for conditions; these only stop a hang.
      testTimeout: 90_000,
      hookTimeout: 60_000,
      teardownTimeout: 30_000,
      setupFiles: [setupFile],
      reporters,
      ...overrides,
    },
  });
}
