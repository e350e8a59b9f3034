import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expectNoSurvivors, newOwnerId } from '@lifeline/test-utils';
import { afterEach, expect } from 'vitest';
import { OWNER_ENV } from '../../owner-env';

/** Test helpers for containment: fixture paths, a ready-line reader, and the cgroup sweep every test ends with. */

export const containmentFixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));

/** The first JSON line with `ready: true` a child prints on stdout. */
export function readyLine(child: import('node:child_process').ChildProcess, timeoutMs = 30_000) {
  return new Promise<{ pid: number; [key: string]: unknown }>((resolve, reject) => {
    const stdout = child.stdout;
    if (!stdout) throw new Error('child has no stdout pipe');
    const rl = createInterface({ input: stdout });
    const timer = setTimeout(() => reject(new Error(`no ready line within ${timeoutMs} ms`)), timeoutMs);
    rl.on('line', (line) => {
      try {
        const message = JSON.parse(line);
        if (!message.ready) return;
        clearTimeout(timer);
        rl.close();
        stdout.resume();
        resolve(message);
      } catch {}
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited (${code}) before it was ready`));
    });
  });
}

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

/** Spawn a tagged process plainly (no containment), piped stdout, for decoys and controls. */
export function spawnTagged(owner: string, command: string, args: string[], detached = true) {
  return spawn(command, args, {
    detached,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, [OWNER_ENV]: owner },
  });
}

/**
 * The per-test frame of every containment test: a fresh owner id (`lifeline-test-…`, so any
 * leftover cgroup is obvious), processes remembered by pid + start time (untagged `env -i`
 * daemons), and an afterEach that cleans first and judges after: sweep the owner's cgroups,
 * kill remembered survivors, check no tagged survivors, then fail if anything had to be
 * cleaned. `expectedLeft` names cgroups the test made on purpose (e.g. a delegated parent).
 */
export function containmentTestFrame(
  mount: string,
  enabled: boolean,
  expectedLeft: (path: string) => boolean = () => false,
) {
  let owner = newOwnerId('lifeline-test');
  let remembered: Array<{ pid: number; startTime: string | null }> = [];
  afterEach(async () => {
    const leftCgroups = enabled ? await sweepTestCgroups(mount, owner) : [];
    const leftUntagged = killRemembered(remembered);
    remembered = [];
    const ended = owner;
    owner = newOwnerId('lifeline-test');
    await expectNoSurvivors(ended);
    expect(
      leftCgroups.filter((p) => !expectedLeft(p)),
      'cgroups left behind',
    ).toEqual([]);
    expect(leftUntagged, 'untagged processes left alive').toEqual([]);
  });
  return {
    get owner() {
      return owner;
    },
    remember(pid: number) {
      remembered.push({ pid, startTime: startTimeOf(pid) });
      return pid;
    },
    /** Take the remembered list (a test that ends an escapee itself). */
    takeRemembered() {
      return remembered.splice(0);
    },
  };
}
