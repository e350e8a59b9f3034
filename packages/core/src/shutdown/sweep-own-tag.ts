import { sweep } from '../sweep/engine';
import { findTagged } from '../sweep/tagged';

/** Extra passes while a pass still finds someone (a late child of a tree being ended). */
const PASSES = 3;

/**
 * At shutdown, after every child was ended: anything still carrying our tag (a daemonized
 * grandchild whose parent already exited), never ourselves or our guardian (it exits by itself
 * once told we shut down). The sweep engine with only its tag steps.
 */
export async function sweepOwnTag(ownerId: string, graceMs: number): Promise<void> {
  const first = findTagged([ownerId], new Set(), []);
  await sweep([first], { graceMs, tag: { ownerIds: [ownerId], passes: PASSES } });
}
