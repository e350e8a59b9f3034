import { release } from 'node:os';
import type { CgroupFs } from './fs';
import type { ContainmentInfo } from './types';

export interface DetectOptions {
  fs: CgroupFs;
  /** Where procfs is mounted. Default /proc; tests point it at a fake tree. */
  proc?: string;
  /** Effective uid. Default process.geteuid(). */
  euid?: number;
  /** Kernel release (uname -r). Default os.release(). */
  kernel?: string;
  platform?: NodeJS.Platform;
}

/** What detection found: the public info plus where we live now (for moving back after a spawn). */
export interface Detected extends ContainmentInfo {
  /** cgroup2 only: our own cgroup's directory. */
  ownDir?: string;
  /** cgroup2 only: what /proc/<pid>/cgroup puts before a path relative to the mount ('' normally). */
  nsPrefix?: string;
}

interface MountLine {
  root: string;
  mountPoint: string;
  options: string[];
  fsType: string;
  superOptions: string[];
}

/** mountinfo escapes space, tab, newline and backslash as \ooo octal. */
const unescapeOctal = (s: string) =>
  s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));

/** Parses /proc/self/mountinfo (proc(5)): fields, optional fields up to "-", fstype, source, super options. */
export function parseMountinfo(text: string): MountLine[] {
  const out: MountLine[] = [];
  for (const line of text.split('\n')) {
    const fields = line.split(' ');
    const dash = fields.indexOf('-', 6);
    if (dash < 0 || fields.length < dash + 3) continue;
    out.push({
      root: unescapeOctal(fields[3] ?? ''),
      mountPoint: unescapeOctal(fields[4] ?? ''),
      options: (fields[5] ?? '').split(','),
      fsType: fields[dash + 1] ?? '',
      superOptions: (fields[dash + 3] ?? '').split(','),
    });
  }
  return out;
}

/** Our cgroup v2 path from /proc/self/cgroup: the `0::/…` line, or null (no cgroup2 hierarchy). */
export function parseOwnCgroup(text: string): string | null {
  for (const line of text.split('\n')) if (line.startsWith('0::')) return line.slice(3).trim() || null;
  return null;
}

/** Is the kernel release at least major.minor? (cgroup.kill: 5.14; cgroup.freeze: 5.2) */
export function kernelAtLeast(kernel: string, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(kernel);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a > major || (a === major && b >= minor);
}

const none = (reason: string): Detected => ({ mechanism: 'none', reason });

/**
 * Finds the cgroup2 mount (never assumed at /sys/fs/cgroup: hybrid hosts mount it at
 * …/unified), our own cgroup, and a base where we may create cgroups: our own cgroup when we
 * can write it (a delegated subtree), else the mount root when we are root. Says why not when
 * containment is impossible, so callers can report it.
 */
export function detectContainment(options: DetectOptions): Detected {
  const { fs, proc = '/proc', euid = process.geteuid?.() ?? -1, kernel = release() } = options;
  if ((options.platform ?? process.platform) !== 'linux') return none('cgroup v2 is Linux only');
  const mountinfo = fs.read(`${proc}/self/mountinfo`);
  if (mountinfo === null) return none(`cannot read ${proc}/self/mountinfo`);
  const mount = parseMountinfo(mountinfo).find((m) => m.fsType === 'cgroup2');
  if (!mount) return none('cgroup2 is not mounted (no cgroup2 line in /proc/self/mountinfo)');
  const at = mount.mountPoint.replace(/\/+$/, '') || '/';
  if (mount.options.includes('ro') || mount.superOptions.includes('ro'))
    return none(`cgroup2 at ${at} is mounted read-only`);
  const own = parseOwnCgroup(fs.read(`${proc}/self/cgroup`) ?? '');
  if (own === null) return none('this process has no cgroup2 entry (0::/…) in /proc/self/cgroup');
  // Inside a cgroup namespace the mount's root is our namespace root; outside one, a bind
  // mount of a subtree shows that subtree as its root. Either way, our path is relative to it.
  const relative = mount.root !== '/' && own.startsWith(mount.root) ? own.slice(mount.root.length) : own;
  const ownDir = relative === '/' || relative === '' ? at : `${at}${relative}`;
  if (!fs.exists(ownDir)) return none(`our cgroup ${ownDir} is not visible under the cgroup2 mount`);
  let base: string;
  let baseKind: 'delegated' | 'root';
  if (ownDir !== at && fs.writable(ownDir) && fs.writable(`${ownDir}/cgroup.procs`)) {
    base = ownDir;
    baseKind = 'delegated';
  } else if (euid === 0) {
    if (!fs.writable(at)) return none(`cgroup2 at ${at} is not writable, even as root`);
    base = at;
    baseKind = 'root';
  } else {
    return none(`not delegated: our cgroup ${ownDir} is not writable by uid ${euid}, and we are not root`);
  }
  // cgroup.kill exists in every non-root cgroup of a kernel that has it; the mount root has none.
  const hasKill = base !== at ? fs.exists(`${base}/cgroup.kill`) : kernelAtLeast(kernel, 5, 14);
  const hasFreeze = base !== at ? fs.exists(`${base}/cgroup.freeze`) : kernelAtLeast(kernel, 5, 2);
  if (!hasKill && !hasFreeze) return none('the kernel has neither cgroup.kill (5.14) nor cgroup.freeze (5.2)');
  return {
    mechanism: 'cgroup2',
    reason: null,
    mount: at,
    base,
    baseKind,
    forceVia: hasKill ? 'cgroup.kill' : 'freeze',
    ownDir,
    nsPrefix: relative === own ? '' : mount.root,
  };
}
