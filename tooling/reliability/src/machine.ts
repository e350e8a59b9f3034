import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import type { Table } from './result';

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return fallback;
  }
}

/** The machine the figures were measured on. */
export function machineTable(): Table {
  const pid1 = readOr('/proc/1/comm', 'unknown');
  return {
    headers: ['Item', 'Value'],
    rows: [
      ['CPUs (nproc)', availableParallelism()],
      ['CPU model', cpus()[0]?.model ?? 'unknown'],
      ['Memory', `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`],
      ['Node', process.version],
      ['Kernel', `${process.platform} ${release()}`],
      ['PID 1', pid1],
      [
        'Load average at the end (1/5/15 min; the machine is shared)',
        loadavg()
          .map((l) => l.toFixed(2))
          .join(' / '),
      ],
      ['User', process.getuid?.() === 0 ? 'root' : String(process.getuid?.() ?? '?')],
    ],
  };
}
