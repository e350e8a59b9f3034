export { CoreError, type CoreErrorCode } from './errors';
export { createManager, getDefaultManager } from './manager/default-manager';
export { ProcessManager } from './manager/manager';
export { type BunDiscovery, discoverBun } from './spawning/find-bun';
export type * from './types';
