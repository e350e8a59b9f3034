import type { OwnerInfo, ProcessRecord } from '@lifeline/persistence';
import { describe, expect, it } from 'vitest';
import { checkableOwners, decideOwners, isOrphanRecord, legacyHolder, ownerAliveOf, ownerRefs } from './owner-rule';

// Pure rule: no process is read here, so pids are plain numbers nothing ever signals.
const owned = (pid: number, id: string, ownerPid: number, start = 's1'): ProcessRecord => ({
  pid,
  script_path: '/x.ts',
  started_at: '2026-01-01T00:00:00.000Z',
  start_time: 't',
  boot_id: 'b',
  owner: { id, pid: ownerPid, start_time: start, boot_id: 'b' },
});
const legacy = (pid: number): ProcessRecord => ({ pid, script_path: '/k.ts', started_at: '2026-01-01T00:00:00.000Z' });
const ownerFile = (id: string, pid: number, start = 's1'): OwnerInfo => ({
  id,
  pid,
  start_time: start,
  boot_id: 'b',
  started_at: '2026-01-01T00:00:00.000Z',
});

describe('ownerRefs', () => {
  it('names each incarnation once, from records and owner files', () => {
    const refs = ownerRefs(
      [owned(10, 'a', 100), owned(11, 'a', 100), owned(12, 'a', 200, 's2'), legacy(13)],
      [ownerFile('a', 100), ownerFile('b', 300)],
    );
    expect(refs.map((r) => [r.id, r.pid])).toEqual([
      ['a', 100],
      ['a', 200],
      ['b', 300],
    ]);
  });
});

describe('checkableOwners', () => {
  it('never reads our own id, pid 0 or pid 1; with no self (a reader like ps) only the pids are filtered', () => {
    const refs = ownerRefs([owned(10, 'me', 100), owned(11, 'x', 1), owned(12, 'y', 0), owned(13, 'z', 500)], []);
    expect(checkableOwners('me', refs).map((r) => r.id)).toEqual(['z']);
    expect(checkableOwners(null, refs).map((r) => r.id)).toEqual(['me', 'z']);
  });
});

describe('decideOwners', () => {
  const refs = ownerRefs([owned(10, 'a', 100), owned(11, 'a', 200, 's2'), owned(12, 'b', 300), owned(13, 'c', 1)], []);

  it('an id is alive when any incarnation is alive or unverified, else dead', () => {
    // checkable (self null): a@100, a@200, b@300 — c@1 is never read
    const states = decideOwners(null, refs, ['gone', 'alive', 'reused']);
    expect(states.get('a')).toEqual({ id: 'a', alive: true, pids: [100, 200] });
    expect(states.get('b')?.alive).toBe(false);
    expect(states.get('c')).toEqual({ id: 'c', alive: false, pids: [1] });
    expect(decideOwners(null, refs, ['gone', 'gone', 'unverified']).get('b')?.alive).toBe(true);
    expect(decideOwners(null, refs, ['zombie', 'gone', 'gone']).get('a')?.alive).toBe(false);
  });

  it('our own id is alive without a read, at our pid', () => {
    const states = decideOwners('b', refs, ['gone', 'gone']);
    expect(states.get('b')).toEqual({ id: 'b', alive: true, pids: [process.pid] });
    expect(states.get('a')?.alive).toBe(false);
  });
});

describe('legacyHolder', () => {
  it('is the PID file holder only when it wrote no owner id, is not us and has a valid pid', () => {
    expect(legacyHolder({ pid: 4321 })).toEqual({ pid: 4321 });
    expect(legacyHolder({ pid: 4321, owner_id: 'a' })).toBeNull();
    expect(legacyHolder({ pid: process.pid })).toBeNull();
    expect(legacyHolder({ pid: 0 })).toBeNull();
    expect(legacyHolder({ pid: -3 })).toBeNull();
    expect(legacyHolder({ pid: 1.5 })).toBeNull();
    expect(legacyHolder(null)).toBeNull();
  });
});

describe('ownerAliveOf and isOrphanRecord', () => {
  const owners = decideOwners(null, ownerRefs([owned(10, 'a', 100), owned(11, 'b', 200)], []), ['alive', 'gone']);

  it('a record goes by its owner id; a legacy record by the legacy holder', () => {
    expect(ownerAliveOf(owned(10, 'a', 100), owners, false)).toBe(true);
    expect(ownerAliveOf(owned(11, 'b', 200), owners, true)).toBe(false);
    expect(ownerAliveOf(owned(12, 'unknown', 300), owners, true)).toBe(false);
    expect(ownerAliveOf(legacy(13), owners, true)).toBe(true);
    expect(ownerAliveOf(legacy(13), owners, false)).toBe(false);
  });

  it('an orphan is a running record of a dead owner, or an unverified legacy record', () => {
    expect(isOrphanRecord(owned(11, 'b', 200), 'running', false)).toBe(true);
    expect(isOrphanRecord(owned(11, 'b', 200), 'running', true)).toBe(false);
    for (const state of ['gone', 'zombie', 'reused', 'unverified'] as const)
      expect(isOrphanRecord(owned(11, 'b', 200), state, false)).toBe(false);
    expect(isOrphanRecord(legacy(13), 'unverified', false)).toBe(true);
    expect(isOrphanRecord(legacy(13), 'unverified', true)).toBe(false);
    expect(isOrphanRecord(legacy(13), 'gone', false)).toBe(false);
  });
});
