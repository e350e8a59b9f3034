import type { ProcessRecord, RegistryStore } from '@lifeline/persistence';
import { sameRecorded } from '../identity';
import type { GuardianLog } from './log';
import type { GuardianConfig } from './protocol';

type Persistence = typeof import('@lifeline/persistence');

let loaded: Promise<Persistence> | null = null;
/** Loaded only once the owner is lost: the idle guardian never pays for zod and the file code. */
const persistence = () => (loaded ??= import('@lifeline/persistence'));

export interface Registry {
  store: RegistryStore;
  /** This owner's records in the file (salvaged ones when it was corrupt). */
  records: ProcessRecord[];
}

/** The persisted registry's records of this owner; a corrupt file is logged (and quarantined), never fatal. */
export async function readRegistry(config: GuardianConfig, log: GuardianLog): Promise<Registry | null> {
  try {
    const { openRegistry } = await persistence();
    const store = openRegistry({ path: config.registryFile });
    const { records, corruption } = await store.load();
    if (corruption)
      log(
        'registry-corrupt',
        {
          path: corruption.path,
          reason: corruption.reason,
          quarantinedTo: corruption.quarantinedTo,
          salvaged: corruption.salvaged,
          dropped: corruption.dropped,
        },
        'warn',
      );
    return { store, records: records.filter((r) => r.owner?.id === config.ownerId) };
  } catch (error) {
    log('error', { context: 'reading the registry', err: errorFields(error) }, 'error');
    return null;
  }
}

/** Remove the records of what was ended, matched by start time so a newer record for a reused pid stays. */
export async function removeRecords(
  registry: Registry | null,
  ended: ProcessRecord[],
  config: GuardianConfig,
  log: GuardianLog,
): Promise<number> {
  if (!registry || ended.length === 0) {
    await registry?.store.close().catch(() => undefined);
    return 0;
  }
  let removed = 0;
  try {
    const results = await Promise.all(
      ended.map((r) => registry.store.remove(r.pid, { start_time: r.start_time ?? null, owner_id: config.ownerId })),
    );
    removed = results.filter(Boolean).length;
  } catch (error) {
    log('error', { context: 'removing records', err: errorFields(error) }, 'error');
  }
  await registry.store.close().catch(() => undefined);
  return removed;
}

/**
 * The dead owner's files: when everything was ended its owner file (and the PID file, if it
 * still names it) goes, as a shutdown would have done; otherwise the owner file stays for the
 * next start's cleanup, with no guardian named any more.
 */
export async function settleOwnerFiles(config: GuardianConfig, clean: boolean, log: GuardianLog): Promise<void> {
  try {
    const { openOwners, openPidFile } = await persistence();
    const owners = openOwners(config.ownersDir);
    const info = await owners.read(config.ownerId).catch(() => null);
    const same = info && sameRecorded(info, config.owner);
    if (clean) {
      if (same) await owners.remove(config.ownerId);
      await openPidFile(config.pidFile, { identityFile: config.pidIdentityFile })
        .remove({ pid: config.owner.pid, start_time: config.owner.start_time ?? null })
        .catch(() => false);
    } else if (same && info) {
      await owners.write({ ...info, guardian_pid: null, guardian_start_time: null });
    }
  } catch (error) {
    log('error', { context: 'updating the owner files', err: errorFields(error) }, 'error');
  }
}

export function errorFields(error: unknown) {
  const e = error as { message?: string; code?: string } | null;
  return { message: e?.message ?? String(error), code: e?.code };
}
