import { GUARDIAN_ENV, GUARDIAN_TAG_ENV, OWNER_ENV, PARENT_FD_ENV, TAG_ENV } from '../protocol/owner-child';
import { builtFile } from '../spawning/script';
import { which } from '../spawning/which';
import type { GuardianConfig } from './protocol';

/** dist/guardian.js beside the built bundle; from src (tests), the built copy. */
export const guardianScript = (): string => builtFile('guardian.js');

/**
 * node runs the guardian (under bun: node from PATH if there is one, else bun itself). No V8
 * flags: measured, a smaller young generation or --jitless saved under 2 MB of ~45 MB.
 */
export function guardianCommand(config: GuardianConfig): { command: string; args: string[] } {
  const runtime = process.versions.bun ? (which('node') ?? process.execPath) : process.execPath;
  return { command: runtime, args: [guardianScript(), JSON.stringify(config)] };
}

/** Our environment, tagged with the owner and the guardian marker; no NODE_OPTIONS (nothing extra to load). */
export function guardianEnv(ownerId: string, tag?: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  delete env.NODE_OPTIONS;
  delete env[PARENT_FD_ENV];
  env[OWNER_ENV] = ownerId;
  env[GUARDIAN_ENV] = '1';
  delete env[TAG_ENV];
  if (tag) env[GUARDIAN_TAG_ENV] = tag;
  return env;
}
