import { lifelineVitest } from '@lifeline/vitest-config';

export default lifelineVitest();
