import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { cgroupOf, cgroupTestFrame, makeTestCgroup, NOBODY, startTimeOf } from './cgroups.js';
import { listOwnerProcesses, reapOwner } from './owner.js';
import { newOwnerId, OWNER_ENV } from './owner-id.js';
import { waitFor } from './wait-for.js';

/** The cgroup2 mount point from mountinfo (field 5 of the line whose fs type is cgroup2), or ''. */
const mount =
  readFileSync('/proc/self/mountinfo', 'latin1')
    .split('\n')
    .find((l) => l.includes(' - cgroup2 '))
    ?.split(' ')[4] ?? '';
const runnable = mount !== '' && process.geteuid?.() === 0;

/** A sleeper this test starts itself, tagged with `owner`. */
function sleeper(owner: string) {
  const child = spawn('sleep', ['600'], { stdio: 'ignore', env: { ...process.env, [OWNER_ENV]: owner } });
  return waitFor(() => (child.pid && startTimeOf(child.pid) ? child : undefined), { message: 'sleep started' });
}

const owners: string[] = [];
afterEach(async () => {
  for (const id of owners.splice(0)) await reapOwner(id);
});

describe('cgroupTestFrame', () => {
  it('end() kills a remembered process that is still alive, then fails naming it; the owner id is new', async () => {
    const frame = cgroupTestFrame({ mount: '', enabled: false });
    // Tagged with an id of its own, so only the remembered list (as for an env -i daemon) can find it for the frame.
    const other = newOwnerId('frame-remembered');
    owners.push(other);
    const child = await sleeper(other);
    const pid = frame.remember(child.pid!);
    const before = frame.owner;
    await expect(frame.end()).rejects.toThrow(`processes left alive (untagged): ${pid}`);
    expect(frame.owner).not.toBe(before);
    await waitFor(() => child.exitCode !== null || child.signalCode !== null, { message: 'the sleeper ended' });
    expect(child.signalCode).toBe('SIGKILL');
    expect(listOwnerProcesses(other)).toEqual([]);
  });

  it('end() passes when the test left nothing', async () => {
    const frame = cgroupTestFrame({ mount: '', enabled: false });
    const child = await sleeper(frame.owner);
    owners.push(frame.owner);
    frame.remember(child.pid!);
    child.kill('SIGKILL');
    await waitFor(() => child.signalCode !== null, { message: 'the sleeper ended' });
    await expect(frame.end()).resolves.toBeUndefined();
  });

  it('makeTestCgroup refuses a short owner id (before touching cgroupfs)', () => {
    expect(() => makeTestCgroup('/nonexistent', 'x', 'short')).toThrow(/short owner id/);
  });
});

describe.skipIf(!runnable)('cgroupTestFrame on real cgroup2 (root)', () => {
  it('the frame’s own cgroup (delegated to nobody) is removed by end() without complaint', async () => {
    const frame = cgroupTestFrame({ mount, enabled: true });
    const dir = frame.cgroup('own', { delegate: true });
    expect(dir).toBe(`${mount}/lifeline-test-${frame.owner}-own`);
    expect(statSync(dir)).toMatchObject({ uid: NOBODY, gid: NOBODY });
    expect(statSync(`${dir}/cgroup.procs`)).toMatchObject({ uid: NOBODY, gid: NOBODY });
    await expect(frame.end()).resolves.toBeUndefined();
    expect(existsSync(dir)).toBe(false);
  });

  it('a cgroup left behind (with our process in it) is emptied, removed and named by end()', async () => {
    const frame = cgroupTestFrame({ mount, enabled: true });
    const owner = frame.owner;
    owners.push(owner);
    const dir = makeTestCgroup(mount, owner, 'leak');
    const child = await sleeper(owner);
    writeFileSync(`${dir}/cgroup.procs`, String(child.pid));
    expect(`${mount}${cgroupOf(child.pid!)}`).toBe(dir);
    await expect(frame.end()).rejects.toThrow(`cgroups left behind: ${dir}`);
    expect(existsSync(dir)).toBe(false);
    await waitFor(() => child.signalCode !== null, { message: 'the sleeper ended' });
    expect(child.signalCode).toBe('SIGKILL');
  });
});
