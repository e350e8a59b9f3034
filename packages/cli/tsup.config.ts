import { lifelinePreset } from '@lifeline/tsup-config';

export default lifelinePreset({ entry: ['src/index.ts', 'src/bin.ts'] });
