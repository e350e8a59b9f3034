export { type WriteDurableOptions, writeFileDurable } from './durable-write';
export { PersistenceError, type PersistenceErrorCode } from './errors';
export type { FsLayer } from './fs-layer';
export { type ResolveLayoutOptions, resolveLayout } from './layout';
export { type OpenOwnersOptions, openOwners } from './owners';
export { openPidFile } from './pid-file';
export { MAX_STATE_BYTES } from './read-capped';
export { type OpenRegistryOptions, openRegistry } from './registry/registry';
export {
  isoDateSchema,
  MAX_PID,
  ownerInfoSchema,
  ownerRecordSchema,
  pidFileContentSchema,
  pidSchema,
  processRecordSchema,
} from './schema';
export { ensureStateDir } from './state-dir';
export type * from './types';
