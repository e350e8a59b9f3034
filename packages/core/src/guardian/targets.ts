import type { ProcessRecord } from '@lifeline/persistence';
import {
  capabilities,
  type ExpectedIdentity,
  findByOwnerTag,
  identify,
  type TerminateTarget,
} from '@lifeline/platform-kill';
import { isGuardianProcess } from './marker';

export type Source = 'copy' | 'registry' | 'owner-tag';

export interface Planned {
  pid: number;
  source: Source;
  record: ProcessRecord | null;
  target: TerminateTarget;
}

export interface Skipped {
  pid: number;
  source: Source;
  reason: string;
}

/** Records become targets pinned to their recorded identity; one without a start time is never signalled. */
export function fromRecords(records: Iterable<ProcessRecord>, source: Source, taken: Set<number>) {
  const planned: Planned[] = [];
  const skipped: Skipped[] = [];
  for (const record of records) {
    if (taken.has(record.pid)) continue;
    taken.add(record.pid);
    if (!record.start_time) {
      skipped.push({ pid: record.pid, source, reason: 'no start time recorded: identity cannot be checked' });
      continue;
    }
    const expect = { pid: record.pid, startTime: record.start_time, bootId: record.boot_id ?? null };
    planned.push({ pid: record.pid, source, record, target: { pid: record.pid, expect, tree: true } });
  }
  return { planned, skipped };
}

/**
 * Processes carrying the owner's LIFELINE_OWNER value (Linux): a child spawned but not yet
 * reported, a daemonized grandchild. Never ourselves, another guardian, the owner or its
 * ancestors (an owner started from a shell that exported the same tag). Each is pinned to the
 * identity read now, so a pid reused before the signal is not touched.
 */
export async function fromOwnerTag(
  ownerId: string,
  protectedIds: ExpectedIdentity[],
  taken: Set<number>,
): Promise<Planned[]> {
  if (!capabilities.ownerTags) return [];
  const pids = (await findByOwnerTag(ownerId).catch(() => [] as number[])).filter(
    (pid) => pid !== process.pid && !taken.has(pid) && !isGuardianProcess(pid),
  );
  const identities = await Promise.all(pids.map((pid) => identify(pid).catch(() => null)));
  const planned: Planned[] = [];
  for (const identity of identities) {
    if (!identity || identity.state === 'zombie' || identity.state === 'dead') continue;
    if (protectedIds.some((p) => p.pid === identity.pid && p.startTime === identity.startTime)) continue;
    if (taken.has(identity.pid)) continue;
    taken.add(identity.pid);
    const expect = { pid: identity.pid, startTime: identity.startTime, bootId: identity.bootId };
    planned.push({
      pid: identity.pid,
      source: 'owner-tag',
      record: null,
      target: { pid: identity.pid, expect, tree: true },
    });
  }
  return planned;
}

/** The owner and its ancestors, read while the owner lives: never to be ended by a tag sweep. */
export async function ownerLineage(owner: ExpectedIdentity): Promise<ExpectedIdentity[]> {
  const lineage: ExpectedIdentity[] = [owner];
  let pid = owner.pid;
  for (let depth = 0; depth < 64 && pid > 1; depth++) {
    const identity = await identify(pid).catch(() => null);
    if (!identity) break;
    lineage.push({ pid: identity.pid, startTime: identity.startTime, bootId: identity.bootId });
    pid = identity.ppid;
  }
  return lineage;
}
