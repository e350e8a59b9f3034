/** Pure parsers for the NUL-separated /proc files and /proc/<pid>/status. */

/** /proc/<pid>/cmdline: arguments separated (and terminated) by NUL; empty for kernel threads and zombies. */
export function parseCmdline(raw: string): string[] {
  if (raw === '') return [];
  const parts = raw.split('\0');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** The value of `name` in a /proc/<pid>/environ blob (NUL-separated NAME=value), or undefined. */
export function findEnv(raw: string, name: string): string | undefined {
  const prefix = `${name}=`;
  // A quick substring test first: most processes do not carry the variable at all.
  if (!raw.includes(prefix)) return undefined;
  for (const entry of raw.split('\0')) if (entry.startsWith(prefix)) return entry.slice(prefix.length);
  return undefined;
}

/** Resident set size in bytes from /proc/<pid>/status (`VmRSS:  1234 kB`); 0 when absent (zombies, kernel threads). */
export function parseVmRss(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** /proc/<pid>/task/<tid>/children: space-separated child pids. */
export function parseChildren(raw: string): number[] {
  const out: number[] = [];
  for (const token of raw.split(' ')) {
    if (token === '' || token === '\n') continue;
    const pid = Number(token);
    if (Number.isInteger(pid) && pid > 0) out.push(pid);
  }
  return out;
}
