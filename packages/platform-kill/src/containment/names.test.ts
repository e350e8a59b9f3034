import { describe, expect, it } from 'vitest';
import { assertOwnerCgroupPath, assertUnitPath, ownerCgroupName, ownerIdOf, parseOwnerCgroupName } from './names';

describe('owner cgroup names', () => {
  it('per instance `lifeline-<id>@<instance>`, or the shared `lifeline-<id>` of earlier versions', () => {
    expect(ownerCgroupName('ll-1', 'abc.0f')).toBe('lifeline-ll-1@abc.0f');
    expect(ownerCgroupName('ll-1')).toBe('lifeline-ll-1');
    expect(parseOwnerCgroupName('lifeline-ll-1@abc.0f')).toEqual({ ownerId: 'll-1', instance: 'abc.0f' });
    expect(parseOwnerCgroupName('lifeline-ll-1')).toEqual({ ownerId: 'll-1', instance: null });
    // `@` is in no owner id: an id with dashes and hex never reads as another id plus an instance.
    expect(ownerIdOf('lifeline-ll-0123456789abcdef')).toBe('ll-0123456789abcdef');
  });

  it('is not ours when either part is malformed', () => {
    for (const name of [
      'lifeline-',
      'lifeline-@x',
      'lifeline-a@',
      'lifeline-a@b@c',
      'lifeline-a@.x',
      'other-a@b',
      'lifeline-a/b',
    ])
      expect(parseOwnerCgroupName(name), name).toBeNull();
  });

  it('paths: both forms are owner cgroups (and parents of units) strictly under the mount', () => {
    const mount = '/sys/fs/cgroup/unified';
    expect(assertOwnerCgroupPath(`${mount}/lifeline-a@s.1`, mount)).toBe('a');
    expect(assertUnitPath(`${mount}/lifeline-a@s.1/c-3`, mount)).toBe('c-3');
    expect(() => assertOwnerCgroupPath(`${mount}/lifeline-a@s/../x`, mount)).toThrow(/owner cgroup/);
    expect(() => assertUnitPath(`${mount}/lifeline-a@/c-1`, mount)).toThrow(/unit cgroup/);
  });
});
