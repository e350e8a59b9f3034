import { OWNER_ENV as PLATFORM_OWNER_ENV } from '@lifeline/platform-kill';
import { describe, expect, it } from 'vitest';
import { OWNER_ENV, PARENT_FD_ENV, parentFdFromEnv, watchOwner } from './owner-child';

describe('owner↔child protocol', () => {
  it('accepts only an fd above stdio', () => {
    expect(parentFdFromEnv({ LIFELINE_PARENT_FD: '3' })).toBe(3);
    expect(parentFdFromEnv({})).toBeNull();
    for (const bad of ['0', '2', '-1', 'x', '3.5', '']) expect(parentFdFromEnv({ LIFELINE_PARENT_FD: bad })).toBeNull();
  });

  it('names the owner tag exactly as platform-kill searches for it', () => {
    expect(OWNER_ENV).toBe(PLATFORM_OWNER_ENV);
  });

  it('removes the marker so grandchildren do not watch their own fd 3', () => {
    const env: NodeJS.ProcessEnv = { [PARENT_FD_ENV]: 'not-an-fd' };
    expect(watchOwner(() => undefined, env)).toBe(false);
    expect(env[PARENT_FD_ENV]).toBeUndefined();
  });
});
