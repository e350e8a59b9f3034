import { randomBytes } from 'node:crypto';
import { LAYOUT_PRESETS, type OwnerRecord, resolveLayout, type StateLayout } from '@lifeline/persistence';
import { identify } from '@lifeline/platform-kill';
import { CoreError, describe } from '../errors';
import type { ManagerOptions } from '../types';

export const newOwnerId = () => `ll-${randomBytes(8).toString('hex')}`;

export function layoutFrom(options: Pick<ManagerOptions, 'layout' | 'stateDir' | 'env'>): StateLayout {
  const { layout, stateDir, env } = options;
  if (layout !== undefined && typeof layout === 'object') return layout;
  if (layout !== undefined && !LAYOUT_PRESETS.includes(layout))
    throw new CoreError(
      'ERR_INVALID_ARGUMENT',
      `layout must be one of ${LAYOUT_PRESETS.join(', ')} or a StateLayout, got ${describe(layout)}`,
    );
  try {
    return resolveLayout({ stateDir, preset: layout ?? 'lifeline', env: env ?? process.env });
  } catch (error) {
    throw new CoreError('ERR_STATE_DIR', `cannot resolve the state directory: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** This process as an owner: id plus identity, so others can tell whether it still lives. Read once. */
export function selfIdentity(ownerId: string, tag?: string): () => Promise<OwnerRecord> {
  let pending: Promise<OwnerRecord> | null = null;
  return () =>
    (pending ??= identify(process.pid).then((identity) => ({
      id: ownerId,
      pid: process.pid,
      start_time: identity?.startTime ?? null,
      boot_id: identity?.bootId ?? null,
      ...(tag ? { tag } : {}),
    })));
}
