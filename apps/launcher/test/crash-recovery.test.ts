import { readFileSync } from 'node:fs';
import {
  expectNoSurvivors,
  listOwnerProcesses,
  makeStateDir,
  newOwnerId,
  readOwnerTag,
  reapOwner,
  type StateDir,
  startFixture,
  waitFor,
} from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLive, type LauncherProcess, parseEvents, runLauncher, startHeadless } from './helpers';

interface SpawnerReady {
  ready: true;
  pid: number;
  descendants: number[];
  escaped: number[];
}

describe('headless crash recovery', () => {
  let owner: string;
  let restartOwner: string;
  let decoyOwner: string;
  let state: StateDir;
  let launcher: LauncherProcess | undefined;

  beforeEach(async () => {
    owner = newOwnerId('launcher');
    restartOwner = newOwnerId('restart');
    decoyOwner = newOwnerId('decoy');
    state = await makeStateDir('lifeline-launcher-');
  });

  afterEach(async () => {
    if (launcher && launcher.child.exitCode === null && launcher.child.signalCode === null)
      launcher.child.kill('SIGKILL');
    launcher = undefined;
    await reapOwner(decoyOwner); // the decoy is meant to survive the test body; end it here
    await expectNoSurvivors(owner);
    await expectNoSurvivors(restartOwner);
    await state.cleanup();
  });

  // These two follow the tag path (what hosts without cgroup v2 rely on): --no-containment. Contained
  // crash recovery (cgroups reclaimed by the next start) is covered by core's containment tests.
  it('after the launcher is SIGKILLed, the next start ends every child and grandchild (setsid too), and nothing else', async () => {
    const decoy = await startFixture('sleeper', { owner: decoyOwner });

    launcher = startHeadless(owner, [
      'run',
      'spawner',
      'stubborn',
      '--state-dir',
      state.dir,
      '--no-guardian',
      '--no-containment',
    ]);
    const spawnerStart = await launcher.waitForEvent(
      (e) => e.event === 'started' && e.script === 'spawner',
      'spawner started',
    );
    await launcher.waitForEvent((e) => e.event === 'registered' && e.script === 'stubborn', 'stubborn registered');
    await launcher.waitForEvent((e) => e.event === 'registered' && e.script === 'spawner', 'spawner registered');
    // The spawner prints its grandchildren's pids (one of them in a new session) to its log.
    const ready = await waitFor(
      () => {
        const line = readFileSync(String(spawnerStart.log), 'utf8')
          .split('\n')
          .find((l) => l.startsWith('{"ready"'));
        return line ? (JSON.parse(line) as SpawnerReady) : undefined;
      },
      { message: 'spawner to announce its grandchildren' },
    );
    const stubbornPid = Number(launcher.events.find((e) => e.event === 'started' && e.script === 'stubborn')?.pid);
    const grandchildren = ready.descendants;
    expect(ready.escaped).toHaveLength(1);
    const everyone = [ready.pid, stubbornPid, ...grandchildren];
    expect(listOwnerProcesses(owner).sort()).toEqual([launcher.pid, ...everyone].sort());

    launcher.child.kill('SIGKILL'); // the launcher's pid, which this test spawned
    await launcher.exited;

    // First line of defence: the preload sees EOF on fd 3 and the scripts exit by themselves...
    await waitFor(() => !isLive(ready.pid) && !isLive(stubbornPid), { message: 'scripts to exit on their own' });
    // ...but grandchildren have no preload, so they are still there (no guardian in this test).
    for (const pid of grandchildren) expect(readOwnerTag(pid)).toBe(owner);

    const restart = runLauncher(restartOwner, [
      '--headless',
      '--json',
      'run',
      'hello',
      '--state-dir',
      state.dir,
      '--no-guardian',
      '--no-containment',
    ]);
    expect(restart.stderr).toBe('');
    expect(restart.status).toBe(0);
    const events = parseEvents(restart.stdout);
    const cleanup = events.find((e) => e.event === 'cleanup');
    expect(cleanup?.killed).toBeGreaterThanOrEqual(grandchildren.length);
    const killed = events.filter((e) => e.event === 'orphan-killed').map((e) => e.pid);
    for (const pid of grandchildren) expect(killed).toContain(pid);
    expect(killed).toContain(ready.escaped[0]);

    // Everything the first launcher started is gone; the decoy (another owner) was not touched.
    expect(listOwnerProcesses(owner)).toEqual([]);
    for (const pid of everyone) expect(isLive(pid) && readOwnerTag(pid) === owner).toBe(false);
    expect(isLive(decoy.pid)).toBe(true);
    expect(readOwnerTag(decoy.pid)).toBe(decoyOwner);
  });

  it('under node too, a script exits by itself when the launcher is killed (preload watching fd 3)', async () => {
    launcher = startHeadless(owner, [
      'run',
      'timer',
      '--runtime',
      'node',
      '--state-dir',
      state.dir,
      '--no-guardian',
      '--no-containment',
    ]);
    const registered = await launcher.waitForEvent(
      (e) => e.event === 'registered' && e.script === 'timer',
      'timer registered',
    );
    const pid = Number(registered.pid);
    // The preload names the process (node applies process.title to the command line).
    await waitFor(() => readFileSync(`/proc/${pid}/cmdline`, 'latin1').startsWith('lifeline:timer'), {
      message: 'the preload to name the process',
    });
    launcher.child.kill('SIGKILL');
    await launcher.exited;
    await waitFor(() => !isLive(pid), { message: 'timer to exit after its launcher died' });
    expect(listOwnerProcesses(owner)).toEqual([]);
  });
});
