import {
  type CorruptionReport,
  type OwnerInfo,
  openLayoutPidFile,
  type PidFileContent,
  type ProcessRecord,
} from '@lifeline/persistence';
import { readOnlyFs } from '../state/read-only-fs.js';
import type { ResolvedState } from '../state/resolve.js';
import { readOwnerFiles } from './read-owners.js';
import { readRecords } from './read-records.js';

export interface TrackedState {
  records: ProcessRecord[];
  corruption?: CorruptionReport;
  ownerFiles: OwnerInfo[];
  pidFile: PidFileContent | null;
}

/** Everything `ps` and kill's name lookup read from the state directory, changing nothing. */
export async function readTrackedState(state: ResolvedState): Promise<TrackedState> {
  if (!state.exists) return { records: [], ownerFiles: [], pidFile: null };
  const { layout } = state;
  const [{ records, corruption }, ownerFiles] = await Promise.all([
    readRecords(layout),
    readOwnerFiles(layout.ownersDir),
  ]);
  // The PID file names the owner of legacy (Script Kit) records only: read it only for them.
  const pidFile = records.some((r) => !r.owner) ? await readPidFile(layout) : null;
  return { records, ...(corruption ? { corruption } : {}), ownerFiles, pidFile };
}

async function readPidFile(layout: ResolvedState['layout']): Promise<PidFileContent | null> {
  return openLayoutPidFile(layout, { fs: readOnlyFs })
    .read()
    .catch(() => null);
}
