import { PlatformKillError } from './errors';

/** identifySync of the adapters without /proc: a synchronous process read needs Linux. */
export function identifySyncUnsupported(): never {
  throw new PlatformKillError('ERR_UNSUPPORTED_PLATFORM', 'identifySync needs /proc and is available on Linux only');
}
