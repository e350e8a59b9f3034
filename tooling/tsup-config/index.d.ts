import type { Options } from 'tsup';
export declare function lifelinePreset(overrides?: Options): ReturnType<typeof import('tsup').defineConfig>;
