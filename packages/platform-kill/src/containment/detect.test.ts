import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPlatform } from '../platform';
import { detectContainment, kernelAtLeast, parseMountinfo, parseOwnCgroup } from './detect';
import { type CgroupFs, nodeCgroupFs } from './fs';
import { createContainment } from './select';

const HYBRID = [
  '31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
  '35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
  '41 31 0:38 / MOUNT rw,relatime - cgroup2 cgroup2 rw',
].join('\n');

/**
 * A fake host in a temp dir: proc/self/{mountinfo,cgroup} and a cgroup2 "mount" whose
 * directories hold the files detection looks for. Writability is injected (a temp dir is
 * always writable by root).
 */
function fakeHost(options: { mountinfo?: string; own?: string; files?: string[]; writable?: (p: string) => boolean }) {
  const root = mkdtempSync(join(tmpdir(), 'lifeline-test-detect-'));
  const mount = join(root, 'cg');
  const { own = '/', files = ['cgroup.procs', 'cgroup.kill', 'cgroup.freeze', 'cgroup.events'] } = options;
  mkdirSync(join(root, 'proc/self'), { recursive: true });
  mkdirSync(join(mount, own), { recursive: true });
  for (const f of files) writeFileSync(join(mount, own, f), '');
  writeFileSync(join(root, 'proc/self/mountinfo'), (options.mountinfo ?? HYBRID).replace('MOUNT', mount));
  writeFileSync(join(root, 'proc/self/cgroup'), `9:name=systemd:/\n4:memory:/x\n0::${own}\n`);
  const fs: CgroupFs = { ...nodeCgroupFs, writable: options.writable ?? (() => true) };
  return { root, mount, proc: join(root, 'proc'), fs };
}

describe('detectContainment (fake hosts)', () => {
  const made: string[] = [];
  let host: ReturnType<typeof fakeHost>;
  const make = (options: Parameters<typeof fakeHost>[0]) => {
    host = fakeHost(options);
    made.push(host.root);
    return host;
  };
  beforeEach(() => {
    made.length = 0;
  });
  afterEach(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  const detect = (euid: number, kernel = '6.18.0') =>
    detectContainment({ fs: host.fs, proc: host.proc, euid, kernel, platform: 'linux' });

  it('finds a hybrid mount from mountinfo (not /sys/fs/cgroup) and, as root in the root cgroup, bases there', () => {
    make({});
    expect(detect(0)).toMatchObject({
      mechanism: 'cgroup2',
      reason: null,
      mount: host.mount,
      base: host.mount,
      baseKind: 'root',
      forceVia: 'cgroup.kill',
    });
  });

  it('uses our own cgroup when it is writable (delegated), as any uid', () => {
    make({ own: '/user.slice/app-term.scope' });
    expect(detect(1000)).toMatchObject({
      mechanism: 'cgroup2',
      base: `${host.mount}/user.slice/app-term.scope`,
      baseKind: 'delegated',
    });
  });

  it('not delegated: our cgroup is not writable and we are not root', () => {
    make({ own: '/user.slice/session-1.scope', writable: () => false });
    expect(detect(1000)).toEqual({
      mechanism: 'none',
      reason: `not delegated: our cgroup ${host.mount}/user.slice/session-1.scope is not writable by uid 1000, and we are not root`,
    });
  });

  it('as root in a non-writable cgroup falls back to the mount root', () => {
    make({ own: '/system.slice/x.service', writable: (p) => !p.includes('x.service') });
    expect(detect(0)).toMatchObject({ mechanism: 'cgroup2', base: host.mount, baseKind: 'root' });
  });

  it('absent: no cgroup2 line in mountinfo', () => {
    make({ mountinfo: HYBRID.split('\n').slice(0, 2).join('\n') });
    expect(detect(0)).toEqual({
      mechanism: 'none',
      reason: 'cgroup2 is not mounted (no cgroup2 line in /proc/self/mountinfo)',
    });
  });

  it("read-only (Docker's default)", () => {
    make({ mountinfo: HYBRID.replace('MOUNT rw,relatime', 'MOUNT ro,nosuid,relatime') });
    expect(detect(0)).toEqual({ mechanism: 'none', reason: `cgroup2 at ${host.mount} is mounted read-only` });
  });

  it('no cgroup.kill in a delegated cgroup: freeze + signal; neither: none', () => {
    make({ own: '/app.scope', files: ['cgroup.procs', 'cgroup.freeze'] });
    expect(detect(1000)).toMatchObject({ mechanism: 'cgroup2', forceVia: 'freeze' });
    make({ own: '/app.scope', files: ['cgroup.procs'] });
    expect(detect(1000).reason).toBe('the kernel has neither cgroup.kill (5.14) nor cgroup.freeze (5.2)');
  });

  it('at the mount root the kernel release decides: 5.10 has no cgroup.kill, 4.19 no freeze either', () => {
    make({});
    expect(detect(0, '5.10.0-28-amd64')).toMatchObject({ mechanism: 'cgroup2', forceVia: 'freeze' });
    expect(detect(0, '4.19.0').mechanism).toBe('none');
  });

  it('not Linux, or no 0:: line in /proc/self/cgroup', () => {
    make({});
    expect(detectContainment({ fs: host.fs, proc: host.proc, platform: 'darwin' }).reason).toBe(
      'cgroup v2 is Linux only',
    );
    writeFileSync(join(host.proc, 'self/cgroup'), '4:memory:/x\n');
    expect(detect(0).reason).toMatch(/no cgroup2 entry/);
  });

  it('createContainment chooses none with the reason, and mode off wins', () => {
    make({ mountinfo: HYBRID.replace('MOUNT rw', 'MOUNT ro') });
    const c = createContainment({ fs: host.fs, proc: host.proc, euid: 0, platform: 'linux' });
    expect(c.info).toEqual({ mechanism: 'none', reason: `cgroup2 at ${host.mount} is mounted read-only` });
    expect(c.forOwner('ll-0123abcd').cgroup).toBeNull();
    make({});
    const off = createContainment({ fs: host.fs, proc: host.proc, euid: 0, mode: 'off' });
    expect(off.info.mechanism).toBe('none');
    expect(() => createContainment({ mode: 'on' as 'off' })).toThrow(/mode must be/);
    expect(() => createContainment({ fs: host.fs, proc: host.proc, euid: 0 }).forOwner('../x')).toThrow(/ownerId/);
  });
});

describe('parsers', () => {
  it('parseMountinfo decodes octal escapes and optional fields', () => {
    const [m] = parseMountinfo('41 31 0:38 / /sys/fs/my\\040cg rw shared:9 master:2 - cgroup2 cgroup2 rw,nsdelegate');
    expect(m).toEqual({
      root: '/',
      mountPoint: '/sys/fs/my cg',
      options: ['rw'],
      fsType: 'cgroup2',
      superOptions: ['rw', 'nsdelegate'],
    });
  });
  it('parseOwnCgroup takes the 0:: line only', () => {
    expect(parseOwnCgroup('1:cpu:/a\n0::/user.slice/x.scope\n')).toBe('/user.slice/x.scope');
    expect(parseOwnCgroup('1:cpu:/a\n')).toBeNull();
  });
  it('kernelAtLeast', () => {
    expect(kernelAtLeast('5.14.0', 5, 14)).toBe(true);
    expect(kernelAtLeast('5.13.19', 5, 14)).toBe(false);
    expect(kernelAtLeast('6.1.0', 5, 14)).toBe(true);
    expect(kernelAtLeast('garbage', 5, 14)).toBe(false);
  });
});

describe('capabilities.containment', () => {
  it('is the host detection on the host platform, and none for a foreign one', () => {
    const info = createPlatform().capabilities.containment;
    expect(['cgroup2', 'none']).toContain(info.mechanism);
    expect(info.mechanism === 'none' ? typeof info.reason : info.reason).toBe(
      info.mechanism === 'none' ? 'string' : null,
    );
    const windows = createPlatform({
      platform: 'windows',
      runner: async () => ({ stdout: '', stderr: '', exitCode: 0 }),
      runnerSync: () => ({ stdout: '', stderr: '', exitCode: 0 }),
      kill: () => {},
    });
    expect(windows.capabilities.containment).toEqual({
      mechanism: 'none',
      reason: "not this machine's platform (windows)",
    });
  });
});
