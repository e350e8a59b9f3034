import { PlatformKillError } from '../errors';
import type { ProcessIdentity, ResourceUsage } from '../types';

/** One Win32_Process row as our Select-Object emits it (see commands.ts). */
interface CimRow {
  ProcessId?: unknown;
  ParentProcessId?: unknown;
  Name?: unknown;
  CommandLine?: unknown;
  CreationDate?: unknown;
  WorkingSetSize?: unknown;
  KernelModeTime?: unknown;
  UserModeTime?: unknown;
}

export interface CimProcess extends ProcessIdentity {
  usage: ResourceUsage;
}

/**
 * CreationDate as a comparable string. Our command emits ISO 8601 already; the plain
 * `ConvertTo-Json` renderings are accepted too: PowerShell 5.1 writes `\/Date(<ms>)\/`
 * (JSON.parse leaves `/Date(<ms>)/`), and a raw CIM string may be DMTF `yyyymmddHHMMSS.mmmmmm+UUU`.
 */
export function creationDate(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '';
  const ms = /^\/Date\((-?\d+)\)\/$/.exec(value);
  if (ms) return new Date(Number(ms[1])).toISOString();
  return value;
}

const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value ?? 0)) || 0;

function toProcess(row: CimRow): CimProcess {
  const pid = Number(row.ProcessId);
  if (!Number.isInteger(pid) || pid < 0) {
    throw new PlatformKillError('ERR_PARSE_FAILED', `Win32_Process row without a ProcessId: ${JSON.stringify(row)}`);
  }
  const name = typeof row.Name === 'string' ? row.Name : '';
  return {
    pid,
    ppid: num(row.ParentProcessId),
    pgid: null,
    sid: null,
    // Windows has no zombies and no scheduler state in Win32_Process: a listed process is running.
    state: 'running',
    startTime: creationDate(row.CreationDate),
    bootId: null,
    command: typeof row.CommandLine === 'string' ? row.CommandLine : name,
    name,
    usage: {
      rssBytes: num(row.WorkingSetSize),
      // Kernel and user times are in 100 ns units.
      cpuSeconds: (num(row.KernelModeTime) + num(row.UserModeTime)) / 1e7,
    },
  };
}

/** ConvertTo-Json prints nothing for no rows, an object for one row, an array for several. */
export function parseCim(stdout: string): CimProcess[] {
  const text = stdout.replace(/^\uFEFF/, '').trim();
  if (text === '') return [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PlatformKillError('ERR_PARSE_FAILED', `PowerShell output is not JSON: ${text.slice(0, 120)}`, {
      cause: error,
    });
  }
  const rows = Array.isArray(data) ? data : [data];
  return rows.map((row) => toProcess(row as CimRow));
}
