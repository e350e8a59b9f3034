import { describe, expect, it } from 'vitest';
import { ownerCgroups } from './contained';

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
});
