import { newOwnerId } from '@lifeline/test-utils';
import { describe, expect, it } from 'vitest';
import { CoreError, createManager, getDefaultManager, type ProcessManager } from '../src/index';
import { useManager } from './helpers';

const h = useManager();

const invalid = (message: string | RegExp) =>
  expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringMatching(message) });

describe('bad input', () => {
  it('spawn validates command, args and options before anything runs', () => {
    const m = h.manager as unknown as { spawn: (...a: unknown[]) => unknown };
    expect(() => m.spawn(42)).toThrow(invalid('command must be a non-empty string, got 42'));
    expect(() => m.spawn('')).toThrow(invalid('command must be a non-empty string, got an empty string'));
    expect(() => m.spawn('/bin/true', '-x')).toThrow(invalid('args must be an array of strings, got "-x"'));
    expect(() => m.spawn('/bin/true', ['a', 1])).toThrow(invalid('args\\[1\\] must be a string, got 1'));
    expect(() => m.spawn('/bin/true', [], { cwd: 5 })).toThrow(invalid('cwd must be a non-empty string'));
    expect(() => m.spawn('/bin/true', [], { env: { A: 1 } })).toThrow(invalid('env.A must be a string'));
    expect(() => m.spawn('/bin/true', [], { stdio: 'loud' })).toThrow(invalid('stdio must be'));
    expect(h.manager.list()).toEqual([]);
  });

  it('manager options are validated with what was expected', () => {
    expect(() => createManager({ graceMs: -1 })).toThrow(invalid('graceMs must be a non-negative integer, got -1'));
    expect(() => createManager({ graceMs: Number.NaN })).toThrow(
      invalid('graceMs must be a non-negative integer, got NaN'),
    );
    expect(() => createManager({ ownerId: '../etc' })).toThrow(invalid('ownerId must be'));
    expect(() => createManager({ runtime: 'deno' as 'node' })).toThrow(
      invalid("runtime must be 'auto', 'bun' or 'node'"),
    );
  });

  it('CoreError is branded, has a code and passes the cause through', () => {
    const cause = new Error('inner');
    const error = new CoreError('ERR_STATE_DIR', 'outer', { cause });
    expect(CoreError.isInstance(error)).toBe(true);
    expect(CoreError.isInstance(new Error('x'))).toBe(false);
    expect(CoreError.isInstance({ name: 'CoreError', [Symbol.for('lifeline.error')]: true })).toBe(true);
    expect(error.cause).toBe(cause);
  });
});

describe('getDefaultManager', () => {
  it('is a lazy singleton kept under Symbol.for on globalThis', async () => {
    const key = Symbol.for('lifeline.core.default-manager');
    const holder = globalThis as { [key]?: ProcessManager };
    expect(holder[key]).toBeUndefined();
    const first = getDefaultManager({ stateDir: h.state.dir, ownerId: newOwnerId(), logger: false });
    try {
      expect(getDefaultManager()).toBe(first);
      expect(holder[key]).toBe(first);
      expect(first.layout.stateDir).toBe(h.state.dir);
    } finally {
      delete holder[key];
      await first.shutdown();
    }
  });
});
