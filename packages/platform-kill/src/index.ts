import { createPlatform } from './platform';
import type { Capabilities, Platform } from './types';

export { type CgroupFs, type ContainmentOptions, createContainment } from './containment';
export type * from './containment/types';
export { PlatformKillError, type PlatformKillErrorCode } from './errors';
// The identity rule and the record mapping are pure: the same on every platform.
export { compareIdentity, expectedFromRecord, livenessOf } from './identity';
export { OWNER_ENV } from './owner-env';
export type * from './types';
export { createPlatform };

// The host platform's adapter. Creating it does no I/O (adapters read only when called),
// so importing the package stays free of side effects.
const host: Platform = createPlatform();

export const identify: Platform['identify'] = host.identify;
export const identifySync: Platform['identifySync'] = host.identifySync;
export const sameProcess: Platform['sameProcess'] = host.sameProcess;
export const liveness: Platform['liveness'] = host.liveness;
export const livenessMany: Platform['livenessMany'] = host.livenessMany;
export const holderLiveness: Platform['holderLiveness'] = host.holderLiveness;
export const descendants: Platform['descendants'] = host.descendants;
export const findByOwnerTag: Platform['findByOwnerTag'] = host.findByOwnerTag;
export const findByEnvValue: Platform['findByEnvValue'] = host.findByEnvValue;
export const snapshot: Platform['snapshot'] = host.snapshot;
export const resourceUsage: Platform['resourceUsage'] = host.resourceUsage;
export const terminate: Platform['terminate'] = host.terminate;
export const terminateAll: Platform['terminateAll'] = host.terminateAll;
export const forceKillSync: Platform['forceKillSync'] = host.forceKillSync;
export const checkSignalable: Platform['checkSignalable'] = host.checkSignalable;
export const checkSignalableMany: Platform['checkSignalableMany'] = host.checkSignalableMany;
/** What the host platform can and cannot do (owner tags, process groups, boot id, containment). */
export const capabilities: Capabilities = host.capabilities;
