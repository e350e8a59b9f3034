/** The inspection functions in one module: the manager loads it only when one is called. */
export { status } from './status';
export { killTracked, listTracked } from './tracked';
