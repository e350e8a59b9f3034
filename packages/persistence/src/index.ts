// The main entry loads no zod: validation uses a fast check and imports the zod schemas only
// when a record needs them. The schemas themselves are on '@lifeline/persistence/schema'.
export { type WriteDurableOptions, writeFileDurable } from './durable-write';
export { PersistenceError, type PersistenceErrorCode } from './errors';
export type { FsLayer } from './fs-layer';
export { type ResolveLayoutOptions, resolveLayout } from './layout';
export { type OpenOwnersOptions, openOwners } from './owners';
export { MAX_PID } from './pid';
export { type OpenPidFileOptions, openPidFile } from './pid-file';
export { MAX_STATE_BYTES } from './read-capped';
export { type OpenRegistryOptions, openRegistry } from './registry/registry';
export { ensureStateDir } from './state-dir';
export type * from './types';
