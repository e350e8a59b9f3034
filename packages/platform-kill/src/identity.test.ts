import { expectNoSurvivors, newOwnerId, startFixture } from '@lifeline/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { compareIdentity, expectedFromRecord, livenessOf } from './identity';
import { createPlatform } from './platform';
import type { ProcessIdentity } from './types';

const live: ProcessIdentity = {
  pid: 4242,
  ppid: 1,
  pgid: 4242,
  sid: 4242,
  state: 'sleeping',
  startTime: '55683',
  bootId: 'boot-a',
  command: 'node x.js',
};

describe('the identity rule', () => {
  it('maps a persisted record field by field, keeping missing fields missing', () => {
    expect(expectedFromRecord({ pid: 7, start_time: '1', boot_id: 'b' })).toEqual({
      pid: 7,
      startTime: '1',
      bootId: 'b',
    });
    expect(expectedFromRecord({ pid: 7 })).toEqual({ pid: 7, startTime: null, bootId: null });
    expect(expectedFromRecord({ pid: 7, start_time: '', boot_id: null })).toEqual({
      pid: 7,
      startTime: null,
      bootId: null,
    });
  });

  it('is symmetric, and a boot id on one side only is unverifiable, never same', () => {
    const noBoot = { pid: 4242, startTime: '55683', bootId: null };
    expect(compareIdentity(noBoot, live)).toBe('unverifiable');
    expect(compareIdentity(live, noBoot)).toBe('unverifiable');
    expect(compareIdentity({ ...live, pid: 4243 }, live)).toBe('different');
    expect(compareIdentity({ ...noBoot, startTime: '1' }, live)).toBe('different');
  });

  it('orders liveness: gone, then reused (even a zombie), zombie, unverified, alive', () => {
    expect(livenessOf(null, live)).toBe('gone');
    expect(livenessOf({ ...live, state: 'dead' }, live)).toBe('gone');
    expect(livenessOf({ ...live, state: 'zombie' }, { ...live, startTime: '1' })).toBe('reused');
    expect(livenessOf({ ...live, state: 'zombie' }, { pid: 4242 })).toBe('zombie');
    expect(livenessOf(live, { pid: 4242 })).toBe('unverified');
    expect(livenessOf(live)).toBe('alive');
    expect(livenessOf(live, live)).toBe('alive');
  });
});

describe('holderLiveness (real processes)', () => {
  let owner = newOwnerId('pk-holder');
  afterEach(async () => {
    await expectNoSurvivors(owner);
    owner = newOwnerId('pk-holder');
  });

  it('counts an unverifiable holder as alive, a reused one as reused, a bad pid as gone', async () => {
    const platform = createPlatform();
    const f = await startFixture('sleeper', { owner });
    const id = await platform.identify(f.pid);
    if (!id) throw new Error('sleeper not found');
    expect(await platform.holderLiveness({ pid: f.pid, start_time: id.startTime, boot_id: id.bootId })).toBe('alive');
    expect(await platform.holderLiveness({ pid: f.pid, start_time: id.startTime })).toBe('alive');
    expect(await platform.liveness(f.pid, expectedFromRecord({ pid: f.pid, start_time: id.startTime }))).toBe(
      'unverified',
    );
    expect(await platform.holderLiveness({ pid: f.pid })).toBe('alive');
    expect(await platform.holderLiveness({ pid: f.pid, start_time: `${id.startTime}1`, boot_id: id.bootId })).toBe(
      'reused',
    );
    expect(await platform.holderLiveness({ pid: 0 })).toBe('gone');
    expect(await platform.holderLiveness({ pid: -5 })).toBe('gone');
    await platform.terminate({ pid: f.pid, expect: id }, { graceMs: 0 });
    await f.exited; // reaped by us, its parent
    expect(await platform.holderLiveness({ pid: f.pid, start_time: id.startTime, boot_id: id.bootId })).toBe('gone');
  });
});
