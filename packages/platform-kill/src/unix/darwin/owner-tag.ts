import { OWNER_ENV } from '../../owner-env';
import type { ProcessIdentity } from '../../types';

/**
 * Pids whose launch environment holds exactly `LIFELINE_OWNER=<ownerId>`, from two reads of the
 * same user's processes: `plain` (ps without -E: the arguments) and `withEnv` (ps -E: the arguments,
 * then the environment entries, joined by spaces). ps prints no marker where the arguments end, so
 * the environment is what `withEnv` adds after the `plain` command of the same process (same pid and
 * start time) — an argument that merely mentions the tag is never taken for it. Zombies, and `self`,
 * are left out.
 */
export function taggedPids(
  plain: ProcessIdentity[],
  withEnv: ProcessIdentity[],
  ownerId: string,
  self: number,
): number[] {
  const before = new Map(plain.map((p) => [p.pid, p]));
  const entry = ` ${OWNER_ENV}=${ownerId}`;
  const found: number[] = [];
  for (const row of withEnv) {
    if (row.pid === self || row.state === 'zombie' || row.state === 'dead') continue;
    const args = before.get(row.pid);
    if (!args || args.startTime !== row.startTime || !row.command.startsWith(args.command)) continue;
    const env = `${row.command.slice(args.command.length)} `;
    // One whole entry: preceded by the space before it, followed by the space after it (or the end).
    if (env.includes(`${entry} `)) found.push(row.pid);
  }
  return found;
}
