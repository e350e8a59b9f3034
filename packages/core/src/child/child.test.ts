import { spawn } from 'node:child_process';
import { openRegistry } from '@lifeline/persistence';
import { expectNoSurvivors, fixturePath, makeStateDir, newOwnerId, type StateDir } from '@lifeline/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { OwnerUnits } from '../containment';
import { layoutFrom, selfIdentity } from '../manager/options';
import { RegistryLink } from '../registry/link';
import { newTagPrefix } from '../sweep/owner-tag';
import type { ManagerEvents } from '../types';
import { Child, type ChildHost, type ChildState } from './child';
import { Children } from './children';

let owner: string;
let state: StateDir;
afterEach(async () => {
  await expectNoSurvivors(owner);
  await state.cleanup();
});

/** A host as the manager builds one, with the events it hears and the guardian changes it was told. */
async function host() {
  owner = newOwnerId();
  state = await makeStateDir('lifeline-child-');
  const layout = layoutFrom({ stateDir: state.dir });
  const events: string[] = [];
  const told: string[] = [];
  const children = new Children();
  const h: ChildHost = {
    ownerId: owner,
    layout,
    graceMs: 2000,
    tag: newTagPrefix(layout.stateDir),
    emit: <K extends keyof ManagerEvents>(event: K) => void events.push(event),
    self: selfIdentity(owner),
    registry: new RegistryLink(layout),
    guardian: { notify: (change) => void told.push(change.type) },
    children,
    units: new OwnerUnits('off', owner, 'test'),
    accepting: () => true,
  };
  return { h, events, told, children };
}

function start(h: ChildHost, children: Children, args: string[]) {
  const proc = spawn(process.execPath, [fixturePath('sleeper'), ...args], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, LIFELINE_OWNER: h.ownerId },
  });
  const child = new Child(
    h,
    proc,
    {
      pid: proc.pid!,
      pgid: proc.pid!,
      scriptPath: 'sleeper',
      name: 'sleeper',
      command: 'node sleeper',
      startedAt: new Date(),
      identity: null,
      ownerId: h.ownerId,
      cgroup: null,
    },
    {},
  );
  children.add(child);
  return child;
}

describe('Child', () => {
  it('walks spawned → identified → registered → exited → tree-gone → unregistered, and its record goes last', async () => {
    const { h, events, told, children } = await host();
    const child = start(h, children, []);
    const seen: ChildState[] = [child.state];
    expect(child.state).toBe('spawned');
    await child.identified;
    seen.push(child.state);
    await child.ready;
    seen.push(child.state);
    const store = openRegistry({ path: h.layout.registryFile, lock: false });
    expect((await store.list()).map((r) => r.pid)).toEqual([child.info.pid]);
    const report = await child.kill();
    expect(report.survivors).toEqual([]);
    seen.push(child.state);
    expect(seen).toEqual(['spawned', 'identified', 'registered', 'unregistered']);
    expect(children.has(child.info.pid)).toBe(false);
    // 'exited' (node's exit event) and 'killed' (terminate confirmed death) may come in either order.
    expect(events[0]).toBe('registered');
    expect(events.at(-1)).toBe('unregistered');
    expect([...events].sort()).toEqual(['exited', 'killed', 'registered', 'signalled', 'unregistered']);
    expect(told).toEqual(['add', 'remove']);
    await h.registry.flush();
    expect(await store.list()).toEqual([]);
    await h.registry.close(() => undefined);
  });

  it('fails when its record cannot be written: ended, ready rejects, nothing left running', async () => {
    const { h, children } = await host();
    const broken: ChildHost = {
      ...h,
      registry: Object.assign(new RegistryLink(h.layout), {
        open: () => Promise.reject(new Error('disk gone')),
      }),
    };
    const child = start(broken, children, []);
    await expect(child.ready).rejects.toThrow(/disk gone/);
    expect(child.state).toBe('failed');
    expect(children.has(child.info.pid)).toBe(false);
    await expect(child.done).rejects.toThrow(/disk gone/);
  });
});
