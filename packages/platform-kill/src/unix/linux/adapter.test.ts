import { readFileSync } from 'node:fs';
import { expectNoSurvivors, newOwnerId, startFixture } from '@lifeline/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createPlatform } from '../../platform';
import { descendantsOf } from './children';

describe('linux adapter (real processes)', () => {
  let owner = newOwnerId('pk-linux');
  afterEach(async () => {
    await expectNoSurvivors(owner);
    owner = newOwnerId('pk-linux');
  });
  const platform = createPlatform();

  it('finds a tree by owner tag, and the children-file walk agrees with the full /proc scan', async () => {
    const tree = await startFixture('tree', { owner, args: ['2', '2', '--setsid'] });
    expect((await platform.findByOwnerTag(owner)).sort()).toEqual([...tree.allPids].sort());
    expect(descendantsOf(tree.pid).sort()).toEqual(tree.allPids.slice(1).sort());
    expect(descendantsOf(tree.pid, false).sort()).toEqual(tree.allPids.slice(1).sort());
    await platform.terminate(tree.pid);
    expect(await platform.findByOwnerTag(owner)).toEqual([]);
  });

  it('identifySync reads the full identity, argv included', async () => {
    const f = await startFixture('sleeper', { owner });
    const id = platform.identifySync(f.pid);
    expect(id?.argv?.[1]).toMatch(/sleeper\.mjs$/);
    expect(id?.command).toBe(id?.argv?.join(' '));
    // The kernel's comm, whatever the runtime calls its main thread ('node' on 20, 'MainThread' on 24).
    expect(id?.name).toBe(readFileSync(`/proc/${f.pid}/comm`, 'utf8').trim());
    expect(id?.name).not.toBe('');
    await platform.terminate({ pid: f.pid, expect: id ?? undefined });
  });
});
