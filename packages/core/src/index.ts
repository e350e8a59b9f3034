export type { ContainmentOption } from './containment';
export { CoreError, type CoreErrorCode } from './errors';
export { createManager, getDefaultManager } from './manager/default-manager';
export { ProcessManager } from './manager/manager';
export { type BunDiscovery, discoverBun } from './spawning/find-bun';
export { createOutputFile } from './spawning/output-file';
export type * from './types';
