import { resolveLayout } from '@lifeline/persistence';
import { describe, expect, it } from 'vitest';
import { layoutFor } from './layout.js';

// The CLI computes the layout itself (to keep zod out of `lifeline ps`); it must never drift from persistence's.
describe('layoutFor matches persistence.resolveLayout', () => {
  // HOME stays real: env-paths reads the home directory once, when it is imported.
  const envs: NodeJS.ProcessEnv[] = [{}, { LIFELINE_HOME: '/srv/lifeline' }, { XDG_DATA_HOME: '/data' }];
  for (const preset of ['lifeline', 'scriptkit'] as const) {
    for (const env of envs) {
      it(`${preset} with ${JSON.stringify(env)}`, () => {
        const full = { ...process.env, LIFELINE_HOME: undefined, XDG_DATA_HOME: undefined, ...env };
        const saved = { ...process.env };
        Object.assign(process.env, env); // env-paths reads XDG_DATA_HOME from process.env
        try {
          expect(layoutFor(preset, undefined, full)).toEqual(resolveLayout({ preset, env: full }));
          expect(layoutFor(preset, '/x/state', full)).toEqual(
            resolveLayout({ preset, env: full, stateDir: '/x/state' }),
          );
        } finally {
          for (const key of Object.keys(env)) delete process.env[key];
          Object.assign(process.env, saved);
        }
      });
    }
  }
});
