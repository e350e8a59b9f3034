import { lifelinePreset } from '@lifeline/tsup-config';

// The app ships three programs: the launcher (bin), the preload every script loads, and the
// stand-in host SDK loaded before it. Splitting
// keeps main (and ink) in a chunk of its own, loaded only after bin.ts has prepared the environment.
export default lifelinePreset({
  entry: { bin: 'src/bin.ts', 'sdk/preload': 'src/sdk/preload.ts', 'sdk/stand-in-sdk': 'src/sdk/stand-in-sdk.ts' },
  dts: false,
  splitting: true,
});
