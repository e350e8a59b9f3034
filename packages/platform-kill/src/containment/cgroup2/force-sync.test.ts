import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { OWNER_ENV, waitFor } from '@lifeline/test-utils';
import { describe, expect, it } from 'vitest';
import {
  cgroupOf,
  containmentFixture,
  containmentWithoutCgroupKill,
  readyLine,
  realContainmentSuite,
  startTimeOf,
} from '../test/helpers';
import type { ContainmentUnit } from '../types';

const { host, mount, contained, frame } = realContainmentSuite();

/** Start the escape fixture (double fork + env -i + setsid) in a unit; remember its members by start time. */
async function escapeIn(unit: ContainmentUnit) {
  const plan = unit.plan('/bin/sh', [containmentFixture('escape.sh')], {
    detached: true,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, [OWNER_ENV]: frame.owner },
  });
  const child = plan.spawn(spawn);
  unit.attach(child.pid as number);
  const ready = await readyLine(child);
  const daemon = frame.remember((ready.escaped as number[])[0] as number);
  frame.remember(child.pid as number);
  await waitFor(() => cgroupOf(daemon) === (unit.cgroup ?? '').slice(mount.length), { message: 'daemon placed' });
  return { child, daemon, starts: [child.pid as number, daemon].map((pid) => [pid, startTimeOf(pid)] as const) };
}

const gone = (starts: ReadonlyArray<readonly [number, string | null]>) =>
  starts.every(([pid, start]) => start !== null && startTimeOf(pid) !== start);

describe.skipIf(!contained)('forceSync: the exit path (real, as root)', () => {
  it('cgroup.kill into every unit this scope made, synchronously; removes them and the owner cgroup', async () => {
    const scope = host.forOwner(frame.owner);
    const a = await escapeIn(scope.unit());
    const b = await escapeIn(scope.unit());
    const spare = scope.unit(); // made, never spawned into: empty, removed too
    expect(scope.forceSync()).toBe(true);
    // Synchronous: by the time forceSync returns, the units are empty and gone.
    expect(gone([...a.starts, ...b.starts])).toBe(true);
    expect(existsSync(spare.cgroup as string)).toBe(false);
    expect(existsSync(scope.cgroup as string)).toBe(false);
  });

  it('without cgroup.kill (old kernel, injected): SIGKILL to each member, checked to be in the unit', async () => {
    const noKill = containmentWithoutCgroupKill();
    expect(noKill.info).toMatchObject({ mechanism: 'cgroup2', forceVia: 'freeze' });
    const scope = noKill.forOwner(frame.owner);
    const a = await escapeIn(scope.unit());
    expect(scope.forceSync()).toBe(true);
    expect(gone(a.starts)).toBe(true);
    expect(existsSync(scope.cgroup as string)).toBe(false);
  });

  it('never forces a unit it did not make (another scope’s unit in the same owner cgroup)', async () => {
    const mine = host.forOwner(frame.owner);
    const theirs = host.forOwner(frame.owner);
    const a = await escapeIn(mine.unit());
    const other = theirs.unit();
    expect(other.cgroup).not.toBe(null);
    const b = await escapeIn(other);
    // The owner cgroup still holds the other unit: not removed, and that is reported.
    expect(mine.forceSync()).toBe(false);
    expect(gone(a.starts)).toBe(true);
    expect(gone(b.starts)).toBe(false);
    expect(existsSync(other.cgroup as string)).toBe(true);
    const report = await theirs.endAll({ graceMs: 200 });
    expect(report.removed).toBe(true);
    expect(gone(b.starts)).toBe(true);
  });
});
