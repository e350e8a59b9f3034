import { randomBytes } from 'node:crypto';
import {
  ensureStateDir,
  type OwnerRecord,
  openRegistry,
  type RegistryStore,
  resolveLayout,
  type StateLayout,
} from '@lifeline/persistence';
import { identify } from '@lifeline/platform-kill';
import { CoreError, describe } from './errors';
import type { ManagerOptions } from './types';

export const newOwnerId = () => `ll-${randomBytes(8).toString('hex')}`;

export function layoutFrom(options: ManagerOptions): StateLayout {
  const { layout, stateDir, env } = options;
  if (layout !== undefined && typeof layout === 'object') return layout;
  if (layout !== undefined && layout !== 'lifeline' && layout !== 'scriptkit')
    throw new CoreError(
      'ERR_INVALID_ARGUMENT',
      `layout must be 'lifeline', 'scriptkit' or a StateLayout, got ${describe(layout)}`,
    );
  try {
    return resolveLayout({ stateDir, preset: layout ?? 'lifeline', env: env ?? process.env });
  } catch (error) {
    throw new CoreError('ERR_STATE_DIR', `cannot resolve the state directory: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** The registry file, opened once the state directory is known to be usable (retried after a failure). */
export function storeOpener(
  layout: StateLayout,
  onUsable: () => void,
): { open(): Promise<RegistryStore>; opened(): RegistryStore | null } {
  let pending: Promise<RegistryStore> | null = null;
  let store: RegistryStore | null = null;
  return {
    open() {
      pending ??= (async () => {
        try {
          await ensureStateDir(layout.stateDir);
        } catch (error) {
          throw new CoreError(
            'ERR_STATE_DIR',
            `state directory ${layout.stateDir} is not usable (a writable directory owned by this user was expected): ${(error as Error).message}`,
            { cause: error },
          );
        }
        store = openRegistry({ path: layout.registryFile });
        onUsable();
        return store;
      })();
      pending.catch(() => {
        pending = null;
      });
      return pending;
    },
    opened: () => store,
  };
}

/** This process as an owner: id plus identity, so others can tell whether it still lives. */
export function selfIdentity(ownerId: string): () => Promise<OwnerRecord> {
  let pending: Promise<OwnerRecord> | null = null;
  return () =>
    (pending ??= identify(process.pid).then((identity) => ({
      id: ownerId,
      pid: process.pid,
      start_time: identity?.startTime ?? null,
      boot_id: identity?.bootId ?? null,
    })));
}
