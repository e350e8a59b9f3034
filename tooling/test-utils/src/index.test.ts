import { afterEach, describe, expect, it } from 'vitest';
import {
  expectNoSurvivors,
  listOwnerProcesses,
  newOwnerId,
  procState,
  reapOwner,
  startFixture,
  waitFor,
} from './index.js';

describe('test-utils', () => {
  let owner = newOwnerId();
  afterEach(async () => {
    await reapOwner(owner);
    owner = newOwnerId();
  });

  it('starts a tree fixture and sees every member by its owner tag', async () => {
    const tree = await startFixture('tree', { owner, args: ['2', '2'] });
    expect(tree.allPids).toHaveLength(7);
    expect(listOwnerProcesses(owner).sort()).toEqual([...tree.allPids].sort());
  });

  it('reapOwner ends exactly the tagged processes and reports them', async () => {
    const other = newOwnerId('bystander');
    const bystander = await startFixture('sleeper', { owner: other });
    const victim = await startFixture('sleeper', { owner });
    expect(await reapOwner(owner)).toEqual([victim.pid]);
    expect(procState(bystander.pid)).toMatch(/[RS]/);
    expect(await reapOwner(other)).toEqual([bystander.pid]);
  });

  it('expectNoSurvivors throws for a leak and cleans it up', async () => {
    await startFixture('sleeper', { owner });
    await expect(expectNoSurvivors(owner, 50)).rejects.toThrow(/survived/);
    expect(listOwnerProcesses(owner)).toEqual([]);
  });

  it('zombie fixture produces a zombie that is not listed as live', async () => {
    const z = await startFixture('zombie-parent', { owner });
    const zombie = z.ready.zombie as number;
    await waitFor(() => procState(zombie) === 'Z', { message: 'child to become a zombie' });
    expect(listOwnerProcesses(owner)).toEqual([z.pid]);
  });
});
