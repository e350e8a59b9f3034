import { lifelinePreset } from '@lifeline/tsup-config';

export default lifelinePreset({ entry: ['src/bin.ts', 'src/sdk/preload.ts'], dts: false });
