import { lifelinePreset } from '@lifeline/tsup-config';

// The app ships two programs: the launcher (bin) and the preload every script loads.
export default lifelinePreset({
  entry: { bin: 'src/bin.ts', 'sdk/preload': 'src/sdk/preload.ts' },
  dts: false,
});
