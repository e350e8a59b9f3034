import { lifelinePreset } from '@lifeline/tsup-config';

export default [
  // index, and the default preload for spawnScript (dist/preload.js, @lifeline/core/preload).
  // The guardian's files are built by the second config: never cleaned away by this one.
  lifelinePreset({ entry: ['src/index.ts', 'src/preload.ts'], clean: ['!guardian.js', '!guardian.js.map'] }),
  // The guardian (dist/guardian.js): one self-contained file with platform-kill inlined, so its
  // start-up resolves one module; persistence stays external and is imported only when needed.
  lifelinePreset({
    entry: { guardian: 'src/guardian/main.ts' },
    dts: false,
    clean: false,
    noExternal: ['@lifeline/platform-kill'],
  }),
];
