import { lifelinePreset } from '@lifeline/tsup-config';

// Second entry: the default preload for spawnScript, shipped as dist/preload.js (@lifeline/core/preload).
export default lifelinePreset({ entry: ['src/index.ts', 'src/preload.ts'] });
