import { describe, expect, it } from 'vitest';
import { instanceOf, isSharedOwnerCgroup, ownerCgroups } from './contained';

describe('ownerCgroups', () => {
  const base = '/sys/fs/cgroup/unified';
  it('keeps only cgroups named for that owner: its owner file, its records’ units’ parent, the listing', () => {
    expect(
      ownerCgroups('ll-dead', {
        owner: [`${base}/lifeline-ll-dead`, null, undefined],
        units: [`${base}/lifeline-ll-dead/c-1`, `${base}/lifeline-ll-dead/c-2`, null],
        listed: [`${base}/lifeline-ll-dead`],
      }),
    ).toEqual([`${base}/lifeline-ll-dead`]);
  });

  it('ignores a record or owner file pointing at another owner’s cgroup, or at anything else', () => {
    expect(
      ownerCgroups('ll-dead', {
        owner: [`${base}/lifeline-ll-alive`, `${base}/user.slice`, 'lifeline-ll-dead', `${base}/lifeline-ll-dead-x`],
        units: [`${base}/lifeline-ll-alive/c-1`, `${base}/lifeline-ll-dead`, `${base}/c-1`],
        listed: [`${base}/lifeline-ll-deadbeef`],
      }),
    ).toEqual([]);
  });

  it('per instance: exactly its own (the guardian), or any of this state directory’s (cleanup); never another’s', () => {
    const own = `${base}/lifeline-ll-dead@0123456789abcdef.0a1b2c3d`;
    const sibling = `${base}/lifeline-ll-dead@0123456789abcdef.ffffffff`;
    const elsewhere = `${base}/lifeline-ll-dead@fedcba9876543210.0a1b2c3d`;
    const shared = `${base}/lifeline-ll-dead`;
    const listed = [own, sibling, elsewhere, shared, `${base}/lifeline-ll-dead@0123456789abcdef.`];
    expect(ownerCgroups('ll-dead', { listed }, { instance: instanceOf(own)! })).toEqual([own, shared]);
    // The guardian of a per-instance owner: its own cgroup only, never the shared one of an older instance.
    expect(ownerCgroups('ll-dead', { listed }, { instance: instanceOf(own)!, shared: false })).toEqual([own]);
    expect(ownerCgroups('ll-dead', { listed }, { stateDirId: '0123456789abcdef' })).toEqual([own, sibling, shared]);
    expect(
      ownerCgroups('ll-dead', { units: [`${elsewhere}/c-1`, `${own}/c-2`] }, { stateDirId: '0123456789abcdef' }),
    ).toEqual([own]);
    expect(ownerCgroups('ll-dead', { listed })).toEqual([shared]);
    expect([own, shared].map(isSharedOwnerCgroup)).toEqual([false, true]);
    expect(instanceOf(shared)).toBeUndefined();
  });
});
