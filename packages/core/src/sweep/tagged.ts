import { readFileSync } from 'node:fs';
import { capabilities, type ExpectedIdentity, identify, snapshot } from '@lifeline/platform-kill';
import { expectedOfIdentity, isOneOf } from '../identity';
import { GUARDIAN_ENV } from '../protocol/owner-child';
import type { SweepTarget } from './engine';

/**
 * Live processes carrying any of these owners' LIFELINE_OWNER value (Linux): a child spawned
 * but not yet recorded, a daemonized grandchild, a late child of a tree being ended. Never
 * ourselves, a guardian, a pid in `skip`, or a protected identity (an owner and its ancestors:
 * an owner started from a shell that exported the same tag). Each is pinned to the identity
 * read now, so a pid reused before the signal is not touched.
 */
export async function findTagged(
  ownerIds: readonly string[],
  skip: ReadonlySet<number>,
  protect: readonly ExpectedIdentity[],
): Promise<SweepTarget[]> {
  return pinTagged(await scanTags(ownerIds), skip, protect);
}

/** The pids carrying each owner's tag: one pass over every process's environment for all of them. */
export async function scanTags(ownerIds: readonly string[]): Promise<Map<string, number[]>> {
  if (!capabilities.ownerTags || ownerIds.length === 0) return new Map();
  const table = await snapshot({ tags: ownerIds }).catch(() => null);
  return new Map(ownerIds.map((id) => [id, [...(table?.tagged.get(id) ?? [])]]));
}

/** Scanned pids → targets pinned to the identity read now; `skip` is applied before anything is read. */
export async function pinTagged(
  scanned: ReadonlyMap<string, readonly number[]>,
  skip: ReadonlySet<number>,
  protect: readonly ExpectedIdentity[],
): Promise<SweepTarget[]> {
  const found: SweepTarget[] = [];
  const seen = new Set<number>();
  for (const [ownerId, all] of scanned) {
    const pids = all.filter(
      (pid) => pid !== process.pid && !skip.has(pid) && !seen.has(pid) && !isGuardianProcess(pid),
    );
    const identities = await Promise.all(pids.map((pid) => identify(pid).catch(() => null)));
    for (const identity of identities) {
      if (!identity || identity.state === 'zombie' || identity.state === 'dead') continue;
      if (isOneOf(identity, protect) || seen.has(identity.pid)) continue;
      seen.add(identity.pid);
      found.push({
        pid: identity.pid,
        source: 'owner-tag',
        record: null,
        target: { pid: identity.pid, expect: expectedOfIdentity(identity), tree: true },
        found: { ownerId, identity },
      });
    }
  }
  return found;
}

/**
 * Is this pid a Lifeline guardian (env LIFELINE_GUARDIAN=1)? Linux only (/proc/<pid>/environ),
 * which is also the only platform where owner-tag sweeps exist, the only place this is asked.
 */
function isGuardianProcess(pid: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${GUARDIAN_ENV}=1`);
  } catch {
    return false;
  }
}
