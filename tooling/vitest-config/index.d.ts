import type { ViteUserConfig } from 'vitest/config';
export declare function lifelineVitest(overrides?: ViteUserConfig['test']): ViteUserConfig;
