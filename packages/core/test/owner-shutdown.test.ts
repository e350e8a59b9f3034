import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createContainment } from '@lifeline/platform-kill';
import { expectNoSurvivors, fixturePath, makeStateDir, newOwnerId, type StateDir, waitFor } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAlive, type OwnerProcess, startOwner } from './helpers';

const FIXTURE_DIR = dirname(fixturePath('tree'));
let owner: string;
let state: StateDir;
let o: OwnerProcess | null;
beforeEach(async () => {
  owner = newOwnerId();
  state = await makeStateDir('lifeline-core-owner-');
  o = null;
});
afterEach(async () => {
  if (o && o.child.exitCode === null && o.child.signalCode === null) o.child.kill('SIGKILL');
  if (o) await o.exited;
  // An owner that died without a shutdown (SIGKILL, the forced exit path) leaves its cgroups to
  // the guardian or the next start; neither runs here, so the test reclaims them (the owner is dead).
  const containment = createContainment();
  for (const left of containment.leftovers(owner)) await containment.reclaim(left.path, { graceMs: 0 });
  await expectNoSurvivors(owner);
  await state.cleanup();
});

describe('shutdown handling in an owner process', () => {
  it('SIGTERM: children ended, PID and owner files removed, exit code 143', async () => {
    o = await startOwner(owner, state.dir, 'signals', { FIXTURE_DIR });
    const children = o.ready.children as number[];
    expect(children.length).toBeGreaterThanOrEqual(4);
    expect(existsSync(o.ready.pidFile as string)).toBe(true);
    process.kill(o.ready.pid, 'SIGTERM');
    expect(await o.exited).toEqual({ code: 143, signal: null });
    for (const pid of children) expect(isAlive(pid)).toBe(false);
    expect(existsSync(o.ready.pidFile as string)).toBe(false);
    expect(existsSync(join(o.ready.ownersDir as string, `${owner}.json`))).toBe(false);
  });

  it('a second SIGINT forces: a child that ignores SIGTERM is SIGKILLed without waiting out the grace', async () => {
    o = await startOwner(owner, state.dir, 'stubborn', { FIXTURE_DIR }); // grace 60 s
    const [child] = o.ready.children as number[];
    process.kill(o.ready.pid, 'SIGINT');
    // The first SIGINT started a graceful shutdown; the child ignores SIGTERM and lives on.
    await waitFor(() => o!.messages.some((m) => m.signalled), { message: 'the graceful shutdown to start' });
    expect(isAlive(child!)).toBe(true);
    process.kill(o.ready.pid, 'SIGINT');
    expect(await o.exited).toEqual({ code: 130, signal: null });
    await waitFor(() => !isAlive(child!), { message: 'stubborn child force-killed' });
  });

  it('an uncaught exception: children ended, then exit code 1', async () => {
    o = await startOwner(owner, state.dir, 'throw', { FIXTURE_DIR });
    const children = o.ready.children as number[];
    process.kill(o.ready.pid, 'SIGUSR2'); // the fixture throws from its SIGUSR2 handler
    expect(await o.exited).toEqual({ code: 1, signal: null });
    for (const pid of children) expect(isAlive(pid)).toBe(false);
    expect(existsSync(o.ready.pidFile as string)).toBe(false);
  });

  it('spawnScript children watch fd 3: they exit by themselves when the owner is SIGKILLed', async () => {
    o = await startOwner(owner, state.dir, 'script', { FIXTURE_DIR });
    const [child] = o.ready.children as number[];
    expect(isAlive(child!)).toBe(true);
    process.kill(o.ready.pid, 'SIGKILL');
    await o.exited;
    await waitFor(() => !isAlive(child!), { message: 'the script to notice its owner is gone' });
  });
});
