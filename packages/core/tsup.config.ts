import { lifelinePreset } from '@lifeline/tsup-config';

export default [
  // The owner's API (index), inspection of a state directory without being an owner (inspect),
  // the pure owner rule (plan: what `lifeline ps` loads; imports only persistence), the
  // owner↔child protocol (protocol: what a child's preload loads), test
  // seams (testing), and the default preload for spawnScript (dist/preload.js).
  // The guardian's files are built by the second config: never cleaned away by this one.
  lifelinePreset({
    entry: {
      index: 'src/index.ts',
      inspect: 'src/inspect/index.ts',
      plan: 'src/plan.ts',
      protocol: 'src/protocol/index.ts',
      testing: 'src/testing.ts',
      preload: 'src/preload.ts',
    },
    clean: ['!guardian.js', '!guardian.js.map'],
  }),
  // The guardian (dist/guardian.js): one self-contained file with platform-kill inlined, so its
  // start-up resolves one module; persistence stays external and is imported only when needed.
  lifelinePreset({
    entry: { guardian: 'src/guardian/main.ts' },
    dts: false,
    clean: false,
    noExternal: ['@lifeline/platform-kill'],
  }),
];
