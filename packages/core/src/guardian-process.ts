import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GUARDIAN_ENV, type GuardianConfig } from './guardian/protocol';
import { which } from './which';

/** dist/guardian.js beside the built index.js; from src (tests), the built copy in ../dist. */
export function guardianScript(): string {
  const beside = fileURLToPath(new URL('./guardian.js', import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL('../dist/guardian.js', import.meta.url));
}

/**
 * node runs the guardian (under bun: node from PATH if there is one, else bun itself). No V8
 * flags: measured, a smaller young generation or --jitless saved under 2 MB of ~45 MB.
 */
export function guardianCommand(config: GuardianConfig): { command: string; args: string[] } {
  const runtime = process.versions.bun ? (which('node') ?? process.execPath) : process.execPath;
  return { command: runtime, args: [guardianScript(), JSON.stringify(config)] };
}

/** Our environment, tagged with the owner and the guardian marker; no NODE_OPTIONS (nothing extra to load). */
export function guardianEnv(ownerId: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  delete env.NODE_OPTIONS;
  delete env.LIFELINE_PARENT_FD;
  env.LIFELINE_OWNER = ownerId;
  env[GUARDIAN_ENV] = '1';
  return env;
}
