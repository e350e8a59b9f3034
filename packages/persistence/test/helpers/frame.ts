import { expectNoSurvivors, makeStateDir, newOwnerId, type StateDir } from '@lifeline/test-utils';
import { afterEach, beforeEach } from 'vitest';

/** The live per-test frame useFixtureFrame hands out: read its fields inside tests, not at load time. */
export interface FixtureFrame {
  /** This test's temp state dir. */
  readonly dir: string;
  /** This test's owner id: every fixture process it starts carries it. */
  readonly owner: string;
}

/**
 * The frame of the tests that run fixture processes: before each test a temp state dir and a
 * fresh owner id (`label`, newOwnerId's default if absent); after each, no process tagged with
 * that owner may survive, then the dir is removed. Call it once at file level.
 */
export function useFixtureFrame(label?: string): FixtureFrame {
  let tmp: StateDir | undefined;
  let owner = '';
  beforeEach(async () => {
    tmp = await makeStateDir('lifeline-persist-');
    owner = newOwnerId(label);
  });
  afterEach(async () => {
    await expectNoSurvivors(owner);
    await tmp?.cleanup();
  });
  return {
    get dir() {
      if (!tmp) throw new Error('useFixtureFrame: no state dir outside a test');
      return tmp.dir;
    },
    get owner() {
      return owner;
    },
  };
}
