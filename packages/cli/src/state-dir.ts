/**
 * `@lifeline/cli/state-dir`: what a program that runs children (`lifeline run`, the demo
 * launcher) does to its state directory first — created 0700 if missing, and the log directory
 * and lifecycle log private (0700 / 0600) before core's logger opens the log. No side effects.
 */
export { prepareStateDir } from './state/prepare.js';
