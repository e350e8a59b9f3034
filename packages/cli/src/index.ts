/**
 * @lifeline/cli as a library: `run(argv, io?)` runs the `lifeline` command line and resolves to
 * its exit code. Importing this module has no side effects; the `lifeline` bin is bin/lifeline.js.
 */
export { run } from './cli.js';
export { CliError, type CliErrorCode, EXIT, type ExitCode } from './errors.js';
export type { CliIo } from './output/io.js';
