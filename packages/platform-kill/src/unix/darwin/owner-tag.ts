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
  return envValuePids(plain, withEnv, OWNER_ENV, [ownerId], false, self).get(ownerId) ?? [];
}

/**
 * The same two reads, for any variable: each wanted value (exactly, or with `prefix` as a
 * prefix) mapped to the pids whose environment holds `name=<value>`. An entry is one
 * space-separated token after the arguments (ps -E joins entries with spaces), so a value with a
 * space is never matched — Lifeline's tags have none.
 */
export function envValuePids(
  plain: ProcessIdentity[],
  withEnv: ProcessIdentity[],
  name: string,
  values: readonly string[],
  prefix: boolean,
  self: number,
): Map<string, number[]> {
  const before = new Map(plain.map((p) => [p.pid, p]));
  const found = new Map<string, number[]>();
  for (const row of withEnv) {
    if (row.pid === self || row.state === 'zombie' || row.state === 'dead') continue;
    const args = before.get(row.pid);
    if (!args || args.startTime !== row.startTime || !row.command.startsWith(args.command)) continue;
    for (const entry of row.command.slice(args.command.length).split(' ')) {
      if (!entry.startsWith(`${name}=`)) continue;
      const value = entry.slice(name.length + 1);
      const match = values.find((v) => (prefix ? value.startsWith(v) : value === v));
      if (match !== undefined) found.set(match, [...(found.get(match) ?? []), row.pid]);
    }
  }
  return found;
}
