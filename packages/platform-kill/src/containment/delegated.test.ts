import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { makeTestCgroup, NOBODY, OWNER_ENV, waitFor } from '@lifeline/test-utils';
import { describe, expect, it } from 'vitest';
import { cgroupOf, containmentFixture, readyLine, realContainmentSuite, startTimeOf } from './test/helpers';

/**
 * The desktop case: an owner running as an unprivileged uid whose own cgroup is delegated to
 * it (here: a test cgroup chowned to `nobody`, as systemd's Delegate=yes does). The owner is a
 * separate process (fixtures/owner.mjs, on the built package) started inside that cgroup.
 */
// The delegated parent cgroup is the test's own and always swept; anything else is a leak.
const { mount, contained: runnable, frame } = realContainmentSuite((path) => path.endsWith('-delegated'));
const dist = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/** mkdir + chown -R to nobody: the delegation systemd grants a user scope. */
const delegatedCgroup = () => makeTestCgroup(mount, frame.owner, 'delegated', { delegate: true });

/** Start fixtures/owner.mjs as nobody, already inside `dir` before setpriv drops privileges. */
function startOwner(dir: string, ...args: string[]) {
  return spawn(
    '/bin/sh',
    [
      '-c',
      `echo $$ > '${dir}/cgroup.procs' && exec setpriv --reuid=${NOBODY} --regid=${NOBODY} --clear-groups "$0" "$@"`,
      process.execPath,
      containmentFixture('owner.mjs'),
      ...args,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, [OWNER_ENV]: frame.owner }, detached: true },
  );
}

interface OwnerReady {
  pid: number;
  uid: number;
  info: { mechanism: string; base: string; baseKind: string };
  owner: string;
  units: Array<{
    cgroup: string;
    members: number[];
    ready: { pid: number; escaped?: number[]; descendants?: number[] };
  }>;
}

async function runOwner(dir: string, ownerId: string) {
  const child = startOwner(dir, 'run', ownerId);
  const ready = (await readyLine(child, 20_000)) as unknown as OwnerReady;
  for (const u of ready.units) for (const pid of u.members) frame.remember(pid);
  return { child, ready };
}

function checkContained(ready: OwnerReady, dir: string, ownerId: string) {
  expect(ready.uid).toBe(NOBODY);
  expect(ready.info).toMatchObject({ mechanism: 'cgroup2', base: dir, baseKind: 'delegated' });
  expect(ready.owner).toBe(`${dir}/lifeline-${ownerId}`);
  const [escaper, loop, regroup] = ready.units;
  const daemon = escaper?.ready.escaped?.[0] as number;
  expect(escaper?.members).toContain(daemon);
  expect(cgroupOf(daemon)).toBe(escaper?.cgroup.slice(mount.length));
  expect(loop?.members.length).toBeGreaterThanOrEqual(2);
  expect(regroup?.members).toContain(regroup?.ready.descendants?.[0]);
  return ready.units.flatMap((u) => u.members);
}

describe.skipIf(!runnable)('delegated subtree, owner as uid nobody (real)', () => {
  it('the built package exists (turbo runs build before test)', () => {
    expect(existsSync(dist)).toBe(true);
  });

  it('contains the escape, the fork loop and the setsid child, and ends them all with its own cgroups', async () => {
    const dir = delegatedCgroup();
    const ownerId = `ll-${frame.owner.split('-').pop()}`;
    const { child, ready } = await runOwner(dir, ownerId);
    const pids = checkContained(ready, dir, ownerId);
    const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
    const ended = new Promise<string>((resolve) => lines.once('line', resolve));
    child.stdin.write('end\n');
    const { ended: report, disposed } = JSON.parse(await ended);
    expect(report.units.map((u: { empty: boolean; removed: boolean }) => u.empty && u.removed)).toEqual([
      true,
      true,
      true,
    ]);
    expect(report.units.map((u: { forced: string | null }) => u.forced)).toEqual([null, 'cgroup.kill', null]);
    expect(disposed).toBe(true);
    for (const pid of pids) await waitFor(() => startTimeOf(pid) === null, { message: `member ${pid} gone` });
    await waitFor(() => child.exitCode !== null, { message: 'owner exited' });
    expect(readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory())).toEqual([]);
  });

  it('after the owner is SIGKILLed, a second unprivileged process reclaims its leftovers', async () => {
    const dir = delegatedCgroup();
    const ownerId = `ll-${frame.owner.split('-').pop()}`;
    const { child, ready } = await runOwner(dir, ownerId);
    const pids = checkContained(ready, dir, ownerId);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    // The frame.owner is dead; its children live on, contained.
    const daemon = ready.units[0]?.ready.escaped?.[0] as number;
    expect(startTimeOf(daemon)).not.toBeNull();
    const cleaner = startOwner(dir, 'reclaim', ownerId);
    const result = (await readyLine(cleaner, 20_000)) as unknown as {
      reports: Array<{ removed: boolean; units: Array<{ empty: boolean; removed: boolean; survivors: number[] }> }>;
      after: unknown[];
    };
    expect(result.reports).toHaveLength(1);
    expect(result.reports[0]?.removed).toBe(true);
    expect(result.reports[0]?.units.every((u) => u.empty && u.removed && u.survivors.length === 0)).toBe(true);
    expect(result.after).toEqual([]);
    for (const pid of pids) await waitFor(() => startTimeOf(pid) === null, { message: `member ${pid} gone` });
    await waitFor(() => cleaner.exitCode !== null, { message: 'cleaner exited' });
    expect(readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory())).toEqual([]);
  });
});
