/**
 * One line per fact about the machine a run happened on, so a table is never read without its
 * context: CPUs, memory, CPU model, kernel, node, the process count and the load average (a
 * shared machine's load moves the figures, so the runner prints it at the start and the end).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/** Number of processes on the machine (entries of /proc). */
export function processCount(): number {
  try {
    return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).length;
  } catch {
    return Number.NaN;
  }
}

export function loadLine(): string {
  const [one, five, fifteen] = loadavg().map((l) => l.toFixed(2));
  return `loadavg ${one} ${five} ${fifteen}, ${processCount()} processes`;
}

export function machineLines(): string[] {
  const model = /^model name\s*:\s*(.*)$/m.exec(read('/proc/cpuinfo'))?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return [
    `- CPUs: ${availableParallelism()} (nproc), model: ${model}`,
    `- memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- kernel: ${release()}, node ${process.version}`,
  ];
}
