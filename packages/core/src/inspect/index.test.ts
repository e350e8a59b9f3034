import { openRegistry } from '@lifeline/persistence';
import { identify } from '@lifeline/platform-kill';
import {
  expectNoSurvivors,
  fixturePath,
  makeStateDir,
  newOwnerId,
  type StateDir,
  startFixture,
  waitFor,
} from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deadOwner, isAlive } from '../../test/helpers';
import { openInspector } from './index';

let owner: string;
let state: StateDir;
beforeEach(async () => {
  owner = newOwnerId();
  state = await makeStateDir('lifeline-inspect-');
});
afterEach(async () => {
  await expectNoSurvivors(owner);
  await state.cleanup();
});

/** A record for a live fixture, as another (now dead) instance would have written it. */
async function deadOwnersRecord(registryFile: string, pid: number, startTimeShift = 0) {
  const identity = (await identify(pid))!;
  const store = openRegistry({ path: registryFile });
  await store.add({
    pid,
    script_path: fixturePath('sleeper'),
    started_at: new Date().toISOString(),
    start_time: String(Number(identity.startTime) + startTimeShift),
    boot_id: identity.bootId,
    owner: await deadOwner(),
  });
  await store.close();
}

describe('openInspector (@lifeline/core/inspect)', () => {
  it('lists, reports and cleans up a dead owner’s records without being an owner', async () => {
    const inspector = openInspector({ stateDir: state.dir, graceMs: 2000 });
    const orphan = await startFixture('sleeper', { owner });
    const bystander = await startFixture('sleeper', { owner });
    await deadOwnersRecord(inspector.layout.registryFile, orphan.pid);
    await deadOwnersRecord(inspector.layout.registryFile, bystander.pid, -1);

    const tracked = new Map((await inspector.listTracked()).map((t) => [t.record.pid, t.state]));
    expect(tracked.get(orphan.pid)).toBe('running');
    expect(tracked.get(bystander.pid)).toBe('reused');
    expect((await inspector.status()).orphans).toBe(1);

    const dry = await inspector.cleanupOrphans({ dryRun: true });
    expect(dry.entries.find((e) => e.pid === orphan.pid)?.decision).toBe('would-kill');
    expect(isAlive(orphan.pid)).toBe(true);

    const result = await inspector.cleanupOrphans();
    const decisions = new Map(result.entries.map((e) => [e.pid, e.decision]));
    expect(decisions.get(orphan.pid)).toBe('killed');
    expect(decisions.get(bystander.pid)).toBe('reused');
    await waitFor(() => !isAlive(orphan.pid), { timeoutMs: 30_000 });
    expect(isAlive(bystander.pid)).toBe(true);
    expect(await inspector.listTracked()).toEqual([]);
    await inspector.close();
    bystander.child.kill('SIGKILL');
    await bystander.exited;
  });

  it('killTracked refuses a pid that is not in the registry', async () => {
    const inspector = openInspector({ stateDir: state.dir });
    const [result] = await inspector.killTracked([process.pid]);
    expect(result).toMatchObject({ pid: process.pid, outcome: 'refused' });
    await inspector.close();
  });
});
