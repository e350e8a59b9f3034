import type { CgroupFs } from '../fs';

/** Pids listed in one cgroup's cgroup.procs (not its sub-cgroups). */
export function readProcs(fs: CgroupFs, dir: string): number[] {
  const text = fs.read(`${dir}/cgroup.procs`);
  if (!text) return [];
  const out: number[] = [];
  for (const line of text.split('\n')) {
    const pid = Number(line);
    if (line !== '' && Number.isSafeInteger(pid) && pid > 0) out.push(pid);
  }
  return out;
}

/**
 * Every process in a cgroup and all cgroups below it (a child that is itself a delegated
 * owner may make sub-cgroups; its processes are still ours to end).
 */
export function readMembersDeep(fs: CgroupFs, dir: string): number[] {
  const out = readProcs(fs, dir);
  for (const sub of fs.subdirs(dir)) out.push(...readMembersDeep(fs, `${dir}/${sub}`));
  return out;
}

/** One key of cgroup.events (`populated`, `frozen`) as 0/1, or null when the cgroup is gone. */
export function readEvent(fs: CgroupFs, dir: string, key: 'populated' | 'frozen'): number | null {
  const text = fs.read(`${dir}/cgroup.events`);
  if (text === null) return null;
  const m = new RegExp(`^${key} (\\d)`, 'm').exec(text);
  return m ? Number(m[1]) : null;
}

/** True when nothing lives anywhere in the cgroup (or it no longer exists). */
export function isEmpty(fs: CgroupFs, dir: string): boolean {
  return (readEvent(fs, dir, 'populated') ?? 0) === 0;
}

/**
 * Removes a cgroup and its sub-cgroups, deepest first. rmdir fails on a populated cgroup, so
 * this can never take a process's home away. True when the cgroup no longer exists.
 */
export function removeTree(fs: CgroupFs, dir: string): boolean {
  for (const sub of fs.subdirs(dir)) removeTree(fs, `${dir}/${sub}`);
  try {
    fs.rmdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return false;
  }
  return true;
}
