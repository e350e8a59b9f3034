export type { CgroupFs } from './fs';
export { type ContainmentOptions, createContainment } from './select';
export type * from './types';
