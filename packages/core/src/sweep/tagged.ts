import { readFileSync } from 'node:fs';
import {
  capabilities,
  type ExpectedIdentity,
  findByEnvValue,
  identify,
  type ProcessSnapshot,
} from '@lifeline/platform-kill';
import { expectedOfIdentity, isOneOf } from '../identity';
import { GUARDIAN_ENV } from '../protocol/owner-child';
import type { SweepTarget } from './engine';
import { startedBefore, TAG_ENV, type TagOwner } from './owner-tag';

/**
 * Live processes carrying one of these dead owners' LIFELINE_TAG prefix (Linux): a child
 * spawned but not yet recorded, a daemonized grandchild, a late child of a tree being ended.
 * Never ourselves, a guardian, a pid in `skip`, a protected identity (an owner and its
 * ancestors), or a process that started before the owner did (it cannot be its child, whatever
 * it carries). Each is pinned to the identity read now, so a pid reused before the signal is not touched.
 */
export async function findTagged(
  owners: readonly TagOwner[],
  skip: ReadonlySet<number>,
  protect: readonly ExpectedIdentity[],
): Promise<SweepTarget[]> {
  return pinTagged(owners, await scanTags(owners), skip, protect);
}

/**
 * The pids carrying each owner's tag prefix (one pass over every process's environment) —
 * over the listing of `table` when the caller already took a snapshot, so a decision lists
 * the process table once.
 */
export async function scanTags(
  owners: readonly TagOwner[],
  table?: ProcessSnapshot,
): Promise<ReadonlyMap<string, readonly number[]>> {
  if (!capabilities.ownerTags || owners.length === 0) return new Map();
  const prefixes = owners.map((o) => o.prefix);
  const found = table
    ? table.findByEnv(TAG_ENV, prefixes, { prefix: true })
    : findByEnvValue(TAG_ENV, prefixes, { prefix: true });
  return found.catch(() => new Map<string, number[]>());
}

/** The pids carrying exactly these child tags (a child's trail: its descendants, wherever they went). */
export async function scanTrail(tags: readonly string[]): Promise<number[]> {
  if (!capabilities.ownerTags || tags.length === 0) return [];
  const found = await findByEnvValue(TAG_ENV, tags).catch(() => new Map<string, number[]>());
  return [...found.values()].flat();
}

/** Scanned pids (by owner prefix) → targets pinned to the identity read now; `skip` is applied before anything is read. */
export async function pinTagged(
  owners: readonly TagOwner[],
  scanned: ReadonlyMap<string, readonly number[]>,
  skip: ReadonlySet<number>,
  protect: readonly ExpectedIdentity[],
): Promise<SweepTarget[]> {
  const found: SweepTarget[] = [];
  const seen = new Set<number>();
  for (const owner of owners) {
    const pids = (scanned.get(owner.prefix) ?? []).filter(
      (pid) => pid !== process.pid && !skip.has(pid) && !seen.has(pid) && !isGuardianProcess(pid),
    );
    const identities = await Promise.all(pids.map((pid) => identify(pid).catch(() => null)));
    for (const identity of identities) {
      if (!identity || identity.state === 'zombie' || identity.state === 'dead') continue;
      if (isOneOf(identity, protect) || seen.has(identity.pid)) continue;
      if (startedBefore(identity.startTime, owner.startTime)) continue;
      seen.add(identity.pid);
      found.push({
        pid: identity.pid,
        source: 'owner-tag',
        record: null,
        target: { pid: identity.pid, expect: expectedOfIdentity(identity), tree: true },
        found: { ownerId: owner.ownerId, identity },
      });
    }
  }
  return found;
}

/**
 * Is this pid a Lifeline guardian (env LIFELINE_GUARDIAN=1)? Linux only (/proc/<pid>/environ),
 * which is also the only platform where owner-tag sweeps exist, the only place this is asked.
 */
export function isGuardianProcess(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${GUARDIAN_ENV}=1`);
  } catch {
    return false;
  }
}
