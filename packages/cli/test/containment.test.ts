import { readdirSync } from 'node:fs';
import { createContainment } from '@lifeline/platform-kill';
import { cgroupTestFrame, fixturePath, makeStateDir, type StateDir, startTimeOf, waitFor } from '@lifeline/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { type BackgroundCli, cli, json, startCli } from './helpers';

/**
 * The CLI on a contained child (`lifeline run` places it in its own cgroup): `ps --tree` shows the
 * env -i daemon that left the tree as an escaped member, `kill` ends the child and its owner's
 * shutdown ends the daemon, nothing is left in cgroupfs; `status` and `doctor` name the mechanism.
 */
const host = createContainment();
const runnable = host.info.mechanism === 'cgroup2' && process.geteuid?.() === 0;

const frame = cgroupTestFrame({ mount: host.info.mount ?? '', enabled: runnable });
let state: StateDir | null = null;
let bg: BackgroundCli | null = null;

afterEach(async () => {
  if (bg && bg.child.exitCode === null && bg.child.signalCode === null) bg.child.kill('SIGKILL');
  bg = null;
  await state?.cleanup();
  state = null;
  // Cleaned first, judged after: a failing test still leaves nothing behind.
  await frame.end();
}, 30_000);

/**
 * The inspecting commands carry a tag of their own: `lifeline run`'s shutdown sweeps its owner's
 * tag, and a `lifeline kill` tagged with the same id would be ended along with it.
 */
const lookerEnv = () => ({ home: state!.dir, owner: `${frame.owner}-cli` });

interface Entry {
  pid: number;
  descendants: Array<{ pid: number; escaped?: true }>;
}

/** `lifeline run` (its own owner id, no guardian) on the escape fixture, until ps --tree shows the daemon. */
async function runEscape() {
  state = await makeStateDir('lifeline-cli-contain-');
  const env = lookerEnv();
  bg = startCli(['run', '--owner', frame.owner, '--no-guardian', '--', '/bin/sh', fixturePath('escape')], {
    home: state.dir,
    owner: frame.owner,
  });
  const entry = await waitFor(
    async () =>
      json<Entry[]>(await cli(['ps', '--tree', '--json'], env)).find((e) => e.descendants.some((d) => d.escaped)),
    { timeoutMs: 20_000, message: 'the escaped daemon in ps --tree' },
  );
  return { env, entry, daemon: entry.descendants.find((d) => d.escaped)!.pid };
}

describe.skipIf(!runnable)('lifeline on contained children (cgroup2, root)', () => {
  it('ps --tree shows the escaped daemon; kill ends the child, run’s shutdown the daemon; no cgroup left', async () => {
    const { env, entry, daemon } = await runEscape();
    frame.remember(daemon);
    const text = await cli(['ps', '--tree'], env);
    expect(text.stdout).toMatch(/sleep \(escaped\)/);

    const status = await cli(['status'], env);
    expect(status.stdout).toMatch(/containment\s+cgroup2 under /);
    const doctor = await cli(['doctor'], env);
    expect(doctor.stdout).toMatch(/containment.*cgroup2/);

    const killed = await cli(['kill', String(entry.pid)], env);
    expect(killed.code).toBe(0);
    await bg!.exited;
    await waitFor(() => startTimeOf(daemon) === null, { timeoutMs: 10_000, message: 'the daemon to be ended' });
    const base = host.info.base!;
    expect(readdirSync(base).filter((n) => n.startsWith(`lifeline-${frame.owner}`))).toEqual([]);
  }, 60_000);

  it('cleanup after run was SIGKILLed (no guardian): the dead owner’s cgroup and its escaped daemon are reclaimed', async () => {
    const { env, entry, daemon } = await runEscape();
    const members = [entry.pid, daemon].map((pid) => ({ pid, startTime: startTimeOf(pid) }));
    for (const { pid } of members) frame.remember(pid);
    bg!.child.kill('SIGKILL'); // lifeline run, spawned by this test
    await bg!.exited;
    const dry = await cli(['cleanup', '--dry-run'], env);
    expect(dry.stdout).toMatch(/cgroup\s+would-reclaim .*lifeline-/);
    // The daemon is in no record and carries no tag: its own line, found in the cgroup.
    expect(dry.stdout).toMatch(new RegExp(`^\\s*${daemon}\\s+would-kill\\s+\\(found in a dead owner’s cgroup\\)`, 'm'));
    const real = await cli(['cleanup'], env);
    expect(real.stdout).toMatch(/cgroup\s+reclaimed .*removed/);
    expect(real.stdout).toMatch(new RegExp(`^\\s*${daemon}\\s+killed\\s+\\(found in a dead owner’s cgroup\\)`, 'm'));
    expect(real.stdout).toMatch(/2 record\(s\): 2 killed/);
    expect(members.every(({ pid, startTime }) => startTimeOf(pid) !== startTime)).toBe(true);
    expect(readdirSync(host.info.base!).filter((n) => n.startsWith(`lifeline-${frame.owner}`))).toEqual([]);
  }, 60_000);
});
