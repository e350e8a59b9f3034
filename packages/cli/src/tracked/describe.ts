import {
  checkableOwners,
  decideOwners,
  holds,
  isOrphanRecord,
  legacyHolder,
  ownerAliveOf,
  ownerRefs,
} from '@lifeline/core/plan';
import type { OwnerInfo, PidFileContent, ProcessRecord } from '@lifeline/persistence';
import {
  capabilities,
  createContainment,
  descendants,
  type ExpectedIdentity,
  expectedFromRecord,
  identify,
  type Liveness,
  livenessMany,
  resourceUsage,
} from '@lifeline/platform-kill';

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
  /** `escaped`: in the child's cgroup but no longer its descendant (double-forked, re-parented away). */
  descendants?: Array<{ pid: number; ppid: number; command: string; escaped?: true }>;
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
 * "orphan" is core's owner rule (`@lifeline/core/plan`), the one `status` and `cleanup` apply.
 */
export async function describeTracked(
  records: ProcessRecord[],
  owners: OwnerContext,
  options: { tree: boolean },
): Promise<PsEntry[]> {
  // ps is no instance (self null): every owner incarnation is read, with the records, in one call.
  const refs = ownerRefs(records, owners.ownerFiles);
  const checkable = checkableOwners(null, refs);
  const holder = records.some((r) => !r.owner) ? legacyHolder(owners.pidFile) : null;
  const expected: ExpectedIdentity[] = [...records, ...checkable, ...(holder ? [holder] : [])].map(expectedFromRecord);
  const live: Liveness[] = records.length > 0 ? await livenessMany(expected) : [];
  const ownerStates = decideOwners(null, refs, live.slice(records.length, records.length + checkable.length));
  const legacyAlive = holder !== null && holds(live[records.length + checkable.length]);
  const names = new Map(owners.ownerFiles.filter((f) => typeof f.name === 'string').map((f) => [f.id, f.name]));
  const now = Date.now();
  return Promise.all(
    records.map(async (r, i): Promise<PsEntry> => {
      const state = stateOf(live[i] ?? 'gone');
      const ownerAlive = ownerAliveOf(r, ownerStates, legacyAlive);
      const running = state === 'running' || state === 'unverified';
      const usage = running ? await resourceUsage(r.pid).catch(() => null) : null;
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
        orphan: isOrphanRecord(r, state, ownerAlive),
        rssBytes: usage?.rssBytes ?? null,
        cpuSeconds: usage?.cpuSeconds ?? null,
      };
      if (options.tree) entry.descendants = state === 'running' ? await treeOf(r.pid, r.cgroup) : [];
      return entry;
    }),
  );
}

function ownerOf(owner: NonNullable<ProcessRecord['owner']>, alive: boolean, name: string | undefined) {
  return { id: owner.id, pid: owner.pid, alive, ...(name ? { name } : {}) };
}

/** The rule's verdict in ps's words: only `alive` is renamed. */
const stateOf = (liveness: Liveness): TrackedState => (liveness === 'alive' ? 'running' : liveness);

/** Descendants, and for a contained child every member of its cgroup (read only): escaped ones too. */
async function treeOf(pid: number, cgroup?: string | null): Promise<NonNullable<PsEntry['descendants']>> {
  const pids = await descendants(pid).catch(() => [] as number[]);
  const tree = new Set(pids);
  const members =
    cgroup && capabilities.containment.mechanism === 'cgroup2'
      ? await Promise.resolve()
          .then(() => createContainment().unitAt(cgroup).members())
          .catch(() => [] as number[])
      : [];
  const escaped = members.filter((m) => m !== pid && !tree.has(m));
  const found = await Promise.all([...pids, ...escaped].map((p) => identify(p).catch(() => null)));
  return found.flatMap((id) =>
    id && id.state !== 'zombie'
      ? [{ pid: id.pid, ppid: id.ppid, command: id.command, ...(tree.has(id.pid) ? {} : { escaped: true as const }) }]
      : [],
  );
}

function basename(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut >= 0 ? path.slice(cut + 1) : path;
}
