import { lifelinePreset } from '@lifeline/tsup-config';

export default lifelinePreset();
