import type { Capabilities } from '../types';
import { detectContainment } from './detect';
import { nodeCgroupFs } from './fs';
import type { ContainmentInfo } from './types';

/** What this host offers (detected with default options; an owner may still turn it off). */
export function hostContainment(): ContainmentInfo {
  const { ownDir: _own, nsPrefix: _ns, ...info } = detectContainment({ fs: nodeCgroupFs });
  return info;
}

/**
 * An adapter's capabilities plus `containment`, detected on first read (a few small reads of
 * /proc and cgroupfs), so creating a platform still does no I/O.
 */
export function withContainment(capabilities: Omit<Capabilities, 'containment'>, host: boolean): Capabilities {
  let cached: ContainmentInfo | undefined;
  const foreign: ContainmentInfo = {
    mechanism: 'none',
    reason: `not this machine's platform (${capabilities.platform})`,
  };
  return Object.defineProperty({ ...capabilities }, 'containment', {
    enumerable: true,
    get: () => {
      cached ??= host ? hostContainment() : foreign;
      return cached;
    },
  }) as Capabilities;
}
