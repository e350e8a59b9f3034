import { lifelinePreset } from '@lifeline/tsup-config';

// The app ships two programs: the launcher (bin) and the preload every script loads. Splitting
// keeps main (and ink) in a chunk of its own, loaded only after bin.ts has prepared the environment.
export default lifelinePreset({
  entry: { bin: 'src/bin.ts', 'sdk/preload': 'src/sdk/preload.ts' },
  dts: false,
  splitting: true,
});
