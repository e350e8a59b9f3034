export { createManager, getDefaultManager } from './default-manager';
export { CoreError, type CoreErrorCode } from './errors';
export { LEGACY_START_TOLERANCE_MS, legacyMatch } from './legacy';
export { ProcessManager } from './manager';
export type * from './types';
