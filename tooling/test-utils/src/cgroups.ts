import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { expectNoSurvivors } from './owner.js';
import { newOwnerId } from './owner-id.js';
import { waitFor } from './wait-for.js';

/**
 * cgroup helpers for tests that contain processes (platform-kill's containment, core's manager):
 * who is in which cgroup, the test's own cgroups, and the last-resort sweep that removes every
 * cgroup a test made.
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

/** uid and gid of `nobody`: the unprivileged owner a delegated test cgroup is handed to. */
export const NOBODY = 65534;

/**
 * Make the test's own cgroup `<mount>/lifeline-test-<owner>-<suffix>`: its name carries the owner
 * id, so sweepTestCgroups finds it if the test fails. `delegate`: chown it and its files to
 * nobody, the delegation systemd grants a user scope.
 */
export function makeTestCgroup(mount: string, owner: string, suffix: string, { delegate = false } = {}): string {
  if (owner.length < 8) throw new Error(`makeTestCgroup: refusing a short owner id ${JSON.stringify(owner)}`);
  const dir = `${mount}/lifeline-test-${owner}-${suffix}`;
  mkdirSync(dir);
  if (delegate) {
    chownSync(dir, NOBODY, NOBODY);
    for (const f of readdirSync(dir)) chownSync(`${dir}/${f}`, NOBODY, NOBODY);
  }
  return dir;
}

export interface Remembered {
  pid: number;
  startTime: string | null;
}

export interface CgroupTestFrame {
  /** This test's owner id (`lifeline-test-…`, so a leftover cgroup is obvious); a new one after end(). */
  readonly owner: string;
  /** Remember a process this test started (by pid + start time: untagged `env -i` daemons too). */
  remember(pid: number): number;
  /** Take the remembered list (a test that ends an escapee itself). */
  takeRemembered(): Remembered[];
  /** makeTestCgroup for this test's owner; end() removes it (once empty) before the sweep. */
  cgroup(suffix: string, options?: { delegate?: boolean }): string;
  /**
   * The test's last step (its afterEach, after its own handles are ended): cleans first, judges
   * after — removes the test's own cgroups, sweeps every other cgroup carrying the owner id, kills
   * remembered survivors, checks no tagged survivors, then throws if anything had to be cleaned.
   */
  end(): Promise<void>;
}

/**
 * The per-test frame of every containment test (platform-kill, core, cli). `enabled`: cgroup2 is
 * usable here (otherwise nothing is swept). `expectedLeft` names cgroups the test made on purpose
 * and leaves to the sweep (e.g. a delegated parent made with makeTestCgroup).
 */
export function cgroupTestFrame(options: {
  mount: string;
  enabled: boolean;
  expectedLeft?: (path: string) => boolean;
}): CgroupTestFrame {
  const { mount, enabled, expectedLeft = () => false } = options;
  let owner = newOwnerId('lifeline-test');
  let remembered: Remembered[] = [];
  let own: string[] = [];
  return {
    get owner() {
      return owner;
    },
    remember(pid) {
      remembered.push({ pid, startTime: startTimeOf(pid) });
      return pid;
    },
    takeRemembered() {
      return remembered.splice(0);
    },
    cgroup(suffix, { delegate = false } = {}) {
      const dir = `${mount}/lifeline-test-${owner}-${suffix}`;
      own.push(dir);
      return makeTestCgroup(mount, owner, suffix, { delegate });
    },
    async end() {
      // The test's own cgroups go first, once empty; anything else the sweep finds is a leak.
      for (const dir of own.reverse()) {
        await waitFor(() => !existsSync(dir) || /^populated 0/m.test(readFileSync(`${dir}/cgroup.events`, 'latin1')), {
          timeoutMs: 10_000,
        }).catch(() => undefined);
        try {
          rmdirSync(dir);
        } catch {}
      }
      const leftCgroups = (enabled ? await sweepTestCgroups(mount, owner) : []).filter((p) => !expectedLeft(p));
      const leftAlive = killRemembered(remembered);
      const ended = owner;
      owner = newOwnerId('lifeline-test');
      remembered = [];
      own = [];
      await expectNoSurvivors(ended);
      if (leftCgroups.length > 0) throw new Error(`cgroups left behind: ${leftCgroups.join(', ')}`);
      if (leftAlive.length > 0) throw new Error(`processes left alive (untagged): ${leftAlive.join(', ')}`);
    },
  };
}
