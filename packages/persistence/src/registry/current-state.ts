import { quarantine } from '../files/quarantine';
import { MAX_STATE_BYTES, readCapped } from '../files/read-capped';
import type { FsLayer } from '../fs-layer';
import type { CorruptionReport, ProcessRecord } from '../types';
import { describeProblems, parseRegistryBytes } from './salvage';

export interface CurrentState {
  records: ProcessRecord[];
  /** The exact bytes read (undefined: no file); lets the next commit skip re-parsing its own write. */
  bytes: Buffer | undefined;
  /** Set when the file was bad: the file has been moved aside already when `quarantined` is true. */
  corruption?: CorruptionReport;
}

/** Reads and validates the registry file. Does not modify anything unless `repair` is set. */
export async function readState(
  fs: FsLayer,
  path: string,
  options: { repair: boolean; cache?: { bytes: Buffer; records: ProcessRecord[] } | undefined },
): Promise<CurrentState> {
  const read = readCapped(path);
  if (read.kind === 'missing') return { records: [], bytes: undefined };
  if (read.kind === 'too-large') {
    const reason =
      `file is ${read.size} bytes, over the ${MAX_STATE_BYTES}-byte limit (ERR_TOO_LARGE); ` +
      (options.repair ? 'moved aside unread, no records kept' : 'not read, no records');
    const report = { path, quarantinedTo: '', reason, salvaged: 0, dropped: 0, code: 'ERR_TOO_LARGE' as const };
    if (options.repair) report.quarantinedTo = await quarantine(fs, path);
    return { records: [], bytes: undefined, corruption: report };
  }
  const { bytes } = read;
  if (options.cache?.bytes.equals(bytes)) return { records: [...options.cache.records], bytes };
  const parsed = await parseRegistryBytes(bytes);
  const reason = describeProblems(parsed);
  if (reason === undefined) return { records: parsed.records, bytes };
  const report: CorruptionReport = {
    path,
    quarantinedTo: '',
    reason,
    salvaged: parsed.records.length,
    dropped: parsed.dropped,
    code: 'ERR_CORRUPT_STATE',
  };
  if (options.repair) report.quarantinedTo = await quarantine(fs, path);
  return { records: parsed.records, bytes: undefined, corruption: report };
}
