import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cgroupTestFrame, type FixtureName, fixturePath } from '@lifeline/test-utils';
import { afterEach } from 'vitest';
import { OWNER_ENV } from '../../owner-env';
import { nodeCgroupFs } from '../fs';
import { createContainment } from '../select';

/** Test helpers for containment: fixture paths, a ready-line reader, and the cgroup sweep every test ends with. */

export { cgroupOf, killRemembered, startTimeOf, sweepTestCgroups } from '@lifeline/test-utils';

const shared: Record<string, FixtureName> = {
  'escape.sh': 'escape',
  'fork-loop.sh': 'fork-loop',
  'regroup.pl': 'regroup',
};
/** The escape fixtures are test-utils' (core's containment tests use them too); the rest live here. */
export const containmentFixture = (name: string) => {
  const common = shared[name];
  return common ? fixturePath(common) : fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
};

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

/** Spawn a tagged process plainly (no containment), piped stdout, for decoys and controls. */
export function spawnTagged(owner: string, command: string, args: string[], detached = true) {
  return spawn(command, args, {
    detached,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, [OWNER_ENV]: owner },
  });
}

/**
 * test-utils' cgroupTestFrame with its end() as this file's afterEach: a fresh `lifeline-test-…`
 * owner id per test, processes remembered by pid + start time, and a clean-first, judge-after
 * sweep. `expectedLeft` names cgroups the test made on purpose (e.g. a delegated parent).
 */
export function containmentTestFrame(
  mount: string,
  enabled: boolean,
  expectedLeft: (path: string) => boolean = () => false,
) {
  const frame = cgroupTestFrame({ mount, enabled, expectedLeft });
  afterEach(() => frame.end());
  return frame;
}

/**
 * What every real containment suite starts with: this machine's containment, its cgroup2 mount,
 * whether the real tests can run here (cgroup2 and root), and the per-test frame.
 */
export function realContainmentSuite(expectedLeft?: (path: string) => boolean) {
  const host = createContainment();
  const mount = host.info.mount ?? '';
  const contained = host.info.mechanism === 'cgroup2' && process.geteuid?.() === 0;
  return { host, mount, contained, frame: containmentTestFrame(mount, contained, expectedLeft) };
}

/** Real cgroup2 as a kernel without cgroup.kill would show it (5.10, the file hidden): forced by freeze. */
export const containmentWithoutCgroupKill = () =>
  createContainment({
    kernel: '5.10.0',
    fs: { ...nodeCgroupFs, exists: (p) => !p.endsWith('/cgroup.kill') && nodeCgroupFs.exists(p) },
  });
