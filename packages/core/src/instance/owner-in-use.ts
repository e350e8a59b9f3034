import { capabilities, checkSignalable, findByOwnerTag } from '@lifeline/platform-kill';
import { CoreError } from '../errors';
import { isGuardianProcess } from '../sweep/tagged';

/**
 * Refuse an owner id that live processes already carry (LIFELINE_OWNER=<id>): another instance
 * (in another state directory, perhaps) uses it, or its orphans still run. Two instances with one
 * id could not tell their children apart by that tag. Not counted: ourselves and our ancestors
 * (a shell that inherited the variable), and guardians (they exit once their owner is settled).
 * Run after the startup cleanup, which has ended this state directory's dead owners' orphans.
 * Only for an id the caller chose: a generated one is new. Linux (readable environments) only.
 */
export async function assertOwnerIdFree(ownerId: string): Promise<void> {
  if (!capabilities.ownerTags) return;
  const pids = await findByOwnerTag(ownerId).catch(() => [] as number[]);
  const others = pids.filter((pid) => checkSignalable(pid) === null && !isGuardianProcess(pid));
  if (others.length === 0) return;
  const shown = others.slice(0, 5).join(', ') + (others.length > 5 ? `, … (${others.length} in all)` : '');
  throw new CoreError(
    'ERR_OWNER_IN_USE',
    `owner id ${ownerId} is already carried by live processes (LIFELINE_OWNER=${ownerId}: pid ${shown}); another instance uses it, perhaps with another state directory. Choose another --owner, or end that instance first`,
  );
}
