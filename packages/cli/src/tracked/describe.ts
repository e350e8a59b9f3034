import { isLegacyRecord, type OwnerInfo, type PidFileContent, type ProcessRecord } from '@lifeline/persistence';
import type { ExpectedIdentity, Liveness } from '@lifeline/platform-kill';
import { ownerRule } from './owner-rule.js';

export type TrackedState = 'running' | 'zombie' | 'gone' | 'reused' | 'unverified';

/** One row of `lifeline ps` (and its --json output). */
export interface PsEntry {
  pid: number;
  pgid: number | null;
  state: TrackedState;
  name: string;
  command: string;
  scriptPath: string;
  startedAt: string;
  ageSeconds: number;
  /** name: the owner's display name from its owner file ('launcher', 'lifeline run (build)'), when known. */
  owner: { id: string; pid: number; alive: boolean; name?: string } | null;
  /**
   * Its owner is gone and `lifeline cleanup` would end it: running (verified), or a Script Kit
   * record whose live pid the legacy rule may match. An unverified Lifeline record is no orphan:
   * nothing ever signals it.
   */
  orphan: boolean;
  rssBytes: number | null;
  cpuSeconds: number | null;
  /** With --tree: every live descendant, parents before children. */
  descendants?: Array<{ pid: number; ppid: number; command: string }>;
}

export interface OwnerContext {
  /** The owner files (owners/<id>.json): display names and further incarnations of each owner. */
  ownerFiles: OwnerInfo[];
  /** The main PID file's content (the owner of legacy records), or null. */
  pidFile: PidFileContent | null;
}

/**
 * Verifies each record against the live process table — one livenessMany call for the tracked
 * pids and every owner incarnation — and reads memory/CPU (and, with `tree`, descendants) of the
 * live ones. The states are platform-kill's one identity rule, as core's listTracked() reports
 * them (a record without a start time, or without a boot id on Linux, is `unverified`), and
 * "orphan" is core's rule (see owner-rule.ts).
 */
export async function describeTracked(
  records: ProcessRecord[],
  owners: OwnerContext,
  options: { tree: boolean },
): Promise<PsEntry[]> {
  const pk = await import('@lifeline/platform-kill');
  const rule = ownerRule(records, owners.ownerFiles, owners.pidFile);
  const expected: ExpectedIdentity[] = [...records, ...rule.refs].map(pk.expectedFromRecord);
  const live: Liveness[] = records.length > 0 ? await pk.livenessMany(expected) : [];
  const ownerAliveOf = rule.decide(live.slice(records.length));
  const names = new Map(owners.ownerFiles.filter((f) => typeof f.name === 'string').map((f) => [f.id, f.name]));
  const now = Date.now();
  return Promise.all(
    records.map(async (r, i): Promise<PsEntry> => {
      const state = stateOf(live[i] ?? 'gone');
      const ownerAlive = ownerAliveOf(r);
      const running = state === 'running' || state === 'unverified';
      const usage = running ? await pk.resourceUsage(r.pid).catch(() => null) : null;
      const entry: PsEntry = {
        pid: r.pid,
        pgid: r.pgid ?? null,
        state,
        name: r.name ?? basename(r.script_path),
        command: r.command ?? r.script_path,
        scriptPath: r.script_path,
        startedAt: r.started_at,
        ageSeconds: Math.max(0, Math.round((now - Date.parse(r.started_at)) / 1000)),
        owner: r.owner ? ownerOf(r.owner, ownerAlive, names.get(r.owner.id)) : null,
        orphan: !ownerAlive && (state === 'running' || (state === 'unverified' && isLegacyRecord(r))),
        rssBytes: usage?.rssBytes ?? null,
        cpuSeconds: usage?.cpuSeconds ?? null,
      };
      if (options.tree) entry.descendants = state === 'running' ? await treeOf(pk, r.pid) : [];
      return entry;
    }),
  );
}

function ownerOf(owner: NonNullable<ProcessRecord['owner']>, alive: boolean, name: string | undefined) {
  return { id: owner.id, pid: owner.pid, alive, ...(name ? { name } : {}) };
}

/** The rule's verdict in ps's words: only `alive` is renamed. */
const stateOf = (liveness: Liveness): TrackedState => (liveness === 'alive' ? 'running' : liveness);

type Pk = typeof import('@lifeline/platform-kill');

async function treeOf(pk: Pk, pid: number): Promise<NonNullable<PsEntry['descendants']>> {
  const pids = await pk.descendants(pid).catch(() => [] as number[]);
  const found = await Promise.all(pids.map((p) => pk.identify(p).catch(() => null)));
  return found.flatMap((id) =>
    id && id.state !== 'zombie' ? [{ pid: id.pid, ppid: id.ppid, command: id.command }] : [],
  );
}

function basename(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut >= 0 ? path.slice(cut + 1) : path;
}
