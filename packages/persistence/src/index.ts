// The main entry loads no zod: validation uses a fast check and imports the zod schemas only
// when a record needs them. The schemas themselves are on '@lifeline/persistence/schema'.
// Internal helpers (the durable writer, the size cap, the lock) are not exported.
export { PersistenceError, type PersistenceErrorCode } from './errors';
export type { FsLayer } from './fs-layer';
export { type OpenOwnersOptions, openOwners } from './owners/owners';
export { type CheckLayoutOptions, checkLayout, type OpenLayoutOptions, openLayout } from './paths/check';
export { LAYOUT_PRESETS, type ResolveLayoutOptions, resolveLayout } from './paths/layout';
export { prepareLogFile, preparePrivateDir } from './paths/log-file';
export { ensureStateDir } from './paths/state-dir';
export { type OpenPidFileOptions, openLayoutPidFile, openPidFile } from './pid-file/pid-file';
export { isLegacyRecord } from './registry/legacy-record';
export { type OpenRegistryOptions, openRegistry } from './registry/registry';
export type * from './types';
export { MAX_PID } from './validate/fast';
