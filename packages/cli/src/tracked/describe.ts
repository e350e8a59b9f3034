import type { ProcessRecord } from '@lifeline/persistence';
import type { ExpectedIdentity, Liveness } from '@lifeline/platform-kill';

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
  owner: { id: string; pid: number; alive: boolean } | null;
  /** Tracked and still running although its owner is gone: `lifeline cleanup` would end it. */
  orphan: boolean;
  rssBytes: number | null;
  cpuSeconds: number | null;
  /** With --tree: every live descendant, parents before children. */
  descendants?: Array<{ pid: number; ppid: number; command: string }>;
}

/**
 * Verifies each record against the live process table — one livenessMany call for the tracked
 * pids and their owners — and reads memory/CPU (and, with `tree`, descendants) of the live ones.
 * The states match core's listTracked(): a record without a start time cannot be verified.
 */
export async function describeTracked(records: ProcessRecord[], options: { tree: boolean }): Promise<PsEntry[]> {
  const pk = await import('@lifeline/platform-kill');
  const expected: ExpectedIdentity[] = [
    ...records.map((r) => ({ pid: r.pid, startTime: r.start_time ?? null, bootId: r.boot_id ?? null })),
    ...records.map((r) => ({
      pid: r.owner?.pid ?? r.pid,
      startTime: r.owner?.start_time ?? null,
      bootId: r.owner?.boot_id ?? null,
    })),
  ];
  const live: Liveness[] = records.length > 0 ? await pk.livenessMany(expected) : [];
  const now = Date.now();
  return Promise.all(
    records.map(async (r, i): Promise<PsEntry> => {
      const state = stateOf(r, live[i] ?? 'gone');
      const ownerAlive = r.owner ? live[records.length + i] === 'alive' : false;
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
        owner: r.owner ? { id: r.owner.id, pid: r.owner.pid, alive: ownerAlive } : null,
        orphan: running && !ownerAlive,
        rssBytes: usage?.rssBytes ?? null,
        cpuSeconds: usage?.cpuSeconds ?? null,
      };
      if (options.tree) entry.descendants = state === 'running' ? await treeOf(pk, r.pid) : [];
      return entry;
    }),
  );
}

function stateOf(record: ProcessRecord, liveness: Liveness): TrackedState {
  if (liveness === 'alive') return record.start_time ? 'running' : 'unverified';
  if (liveness === 'zombie') return 'zombie';
  return liveness;
}

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
