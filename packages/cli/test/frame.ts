import { expectNoSurvivors, makeStateDir, newOwnerId, type StateDir } from '@lifeline/test-utils';
import { afterEach, beforeEach } from 'vitest';
import { type CliResult, cli } from './helpers.js';

/** The live per-test frame useCliFrame hands out: read its fields inside tests and hooks, not at load time. */
export interface CliFrame {
  /** This test's owner id: the CLI processes it runs carry it, so the leak check sees what they leave. */
  readonly owner: string;
  /** This test's temp state dir (LIFELINE_HOME for `run`). */
  readonly dir: string;
  /** `lifeline <args>` with this test's home and owner. */
  run(args: string[]): Promise<CliResult>;
}

/**
 * The frame most CLI suites share: before each test a fresh owner id (`label`) and a temp state
 * dir; after each, no process tagged with that owner may survive, then the dir is removed. Call it
 * at the top of a describe; a suite's own beforeEach (registered after it) can fill the dir.
 */
export function useCliFrame(label = 'cli'): CliFrame {
  let owner = '';
  let state: StateDir | undefined;
  beforeEach(async () => {
    owner = newOwnerId(label);
    state = await makeStateDir();
  });
  afterEach(async () => {
    await expectNoSurvivors(owner);
    await state?.cleanup();
  });
  const frame: CliFrame = {
    get owner() {
      return owner;
    },
    get dir() {
      if (!state) throw new Error('useCliFrame: no state dir outside a test');
      return state.dir;
    },
    run: (args) => cli(args, { home: frame.dir, owner }),
  };
  return frame;
}
