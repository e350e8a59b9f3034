import type { OwnerRecord } from '@lifeline/persistence';
import { sweep } from '../sweep/engine';

/** The first pass, then more while a pass still finds someone (a late child of a tree being ended). */
const PASSES = 4;

/**
 * At shutdown, after every child was ended: anything still carrying our tag (a daemonized
 * grandchild whose parent already exited), never ourselves or our guardian (it exits by itself
 * once told we shut down). The sweep engine with only its tag step: one scan when nothing is left.
 */
export async function sweepOwnTag(self: OwnerRecord, graceMs: number): Promise<void> {
  if (!self.tag) return;
  const owners = [{ ownerId: self.id, prefix: self.tag, startTime: self.start_time }];
  await sweep([], { graceMs, tag: { owners, passes: PASSES } });
}
