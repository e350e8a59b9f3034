import { readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';

/**
 * cgroup helpers for tests that contain processes (platform-kill's containment, core's manager):
 * who is in which cgroup, and the last-resort sweep that removes every cgroup a test made.
 */

/** Start time (field 22 of /proc/<pid>/stat) or null: for checking a pid still names our process. */
export function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[0] === 'Z' || fields[0] === 'X' ? null : (fields[19] ?? null);
  } catch {
    return null;
  }
}

/** The cgroup2 path a process is in, from /proc/<pid>/cgroup, or null. */
export function cgroupOf(pid: number): string | null {
  try {
    const line = readFileSync(`/proc/${pid}/cgroup`, 'latin1')
      .split('\n')
      .find((l) => l.startsWith('0::'));
    return line ? line.slice(3) : null;
  } catch {
    return null;
  }
}

/** SIGKILL processes this test started and remembered by pid + start time, if they still are those processes. */
export function killRemembered(remembered: Array<{ pid: number; startTime: string | null }>): number[] {
  const killed: number[] = [];
  for (const { pid, startTime } of remembered) {
    if (pid <= 1 || pid === process.pid || !startTime || startTimeOf(pid) !== startTime) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {}
  }
  return killed;
}

const populated = (dir: string) => /^populated 1/m.test(readFileSync(`${dir}/cgroup.events`, 'latin1'));

/**
 * The last-resort cleanup every containment test runs in afterEach/finally: every cgroup under
 * `mount` (two levels deep) whose name carries `needle` (the test's owner id) is emptied with
 * cgroup.kill — it is ours by name — and removed, deepest first. Returns the cgroups it had to
 * remove; a passing test has removed its own and expects [].
 */
export async function sweepTestCgroups(mount: string, needle: string): Promise<string[]> {
  if (needle.length < 8) throw new Error(`sweepTestCgroups: refusing a short needle ${JSON.stringify(needle)}`);
  const found: string[] = [];
  const walk = (dir: string, depth: number) => {
    let entries: string[] = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name);
    } catch {}
    for (const name of entries) {
      const path = `${dir}/${name}`;
      if (name.includes(needle)) found.push(path);
      else if (depth < 2) walk(path, depth + 1);
    }
  };
  walk(mount, 0);
  for (const dir of found) await destroy(mount, dir);
  return found;
}

async function destroy(mount: string, dir: string): Promise<void> {
  for (const e of readdirSync(dir, { withFileTypes: true }))
    if (e.isDirectory()) await destroy(mount, `${dir}/${e.name}`);
  // Never kill a cgroup that holds this test process (a test that failed while inside one).
  const own = `${mount}${cgroupOf(process.pid) ?? ''}`;
  if (own === dir || own.startsWith(`${dir}/`)) throw new Error(`sweepTestCgroups: this process is inside ${dir}`);
  try {
    if (populated(dir)) writeFileSync(`${dir}/cgroup.kill`, '1');
    const deadline = Date.now() + 30_000;
    while (populated(dir) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  } catch {}
  try {
    rmdirSync(dir);
  } catch {}
}
