import type { KillTarget } from '../parse.js';
import type { ResolvedState } from '../state/resolve.js';
import { describeTracked } from '../tracked/describe.js';
import { readTrackedState } from '../tracked/read-state.js';

export type Resolved =
  | { ok: true; pids: number[]; names: Map<number, string> }
  | { ok: false; problems: string[]; ambiguous: boolean };

/**
 * Turns `kill` arguments into pids. A name matches the live tracked processes `ps` shows under
 * that NAME; a name matching none, or more than one, is a problem, and then nothing is ended.
 */
export async function resolveTargets(targets: KillTarget[], state: ResolvedState): Promise<Resolved> {
  const wanted = targets.flatMap((t) => ('name' in t ? [t.name] : []));
  const pids = targets.flatMap((t) => ('pid' in t ? [t.pid] : []));
  const names = new Map<number, string>();
  if (wanted.length === 0) return { ok: true, pids: [...new Set(pids)], names };
  const tracked = await readTrackedState(state);
  const entries = await describeTracked(tracked.records, tracked, { tree: false });
  const live = entries.filter((e) => e.state === 'running' || e.state === 'unverified');
  const problems: string[] = [];
  let ambiguous = false;
  for (const name of new Set(wanted)) {
    const matches = live.filter((e) => e.name === name);
    if (matches.length === 1 && matches[0]) {
      pids.push(matches[0].pid);
      names.set(matches[0].pid, name);
    } else if (matches.length === 0) {
      const known = [...new Set(live.map((e) => e.name))].slice(0, 8);
      problems.push(
        `no running tracked process is named ${JSON.stringify(name)}${known.length ? ` (running: ${known.join(', ')})` : ''}`,
      );
    } else {
      ambiguous = true;
      problems.push(
        `${JSON.stringify(name)} names ${matches.length} processes: pids ${matches.map((e) => e.pid).join(', ')} — give the pid`,
      );
    }
  }
  return problems.length > 0 ? { ok: false, problems, ambiguous } : { ok: true, pids: [...new Set(pids)], names };
}
