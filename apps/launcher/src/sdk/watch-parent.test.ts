import { describe, expect, it } from 'vitest';
import { parentFdFromEnv } from './watch-parent';

describe('parentFdFromEnv', () => {
  it('accepts only an fd above stdio', () => {
    expect(parentFdFromEnv({ LIFELINE_PARENT_FD: '3' })).toBe(3);
    expect(parentFdFromEnv({})).toBeNull();
    for (const bad of ['0', '2', '-1', 'x', '3.5', '']) expect(parentFdFromEnv({ LIFELINE_PARENT_FD: bad })).toBeNull();
  });
});
