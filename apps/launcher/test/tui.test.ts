import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  expectNoSurvivors,
  listOwnerProcesses,
  makeStateDir,
  newOwnerId,
  readOwnerTag,
  type StateDir,
  waitFor,
} from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLive, launcherBin } from './helpers';
import { TmuxPane } from './tmux';

describe('interactive UI in a real terminal (tmux)', () => {
  let owner: string;
  let state: StateDir;
  let pane: TmuxPane;

  beforeEach(async () => {
    owner = newOwnerId('tui');
    state = await makeStateDir('lifeline-launcher-');
    pane = new TmuxPane(`lifeline-${owner}`);
  });

  afterEach(async () => {
    pane.kill(); // ends our private tmux server (and the launcher with it, if a test failed midway)
    await expectNoSurvivors(owner);
    await state.cleanup();
  });

  const start = (width: number, height: number) =>
    pane.start([process.execPath, launcherBin, '--state-dir', state.dir, '--owner-id', owner, '--no-guardian'], {
      width,
      height,
      // CI=true on purpose: a real terminal is interactive even inside a CI job (ink would
      // otherwise draw nothing until exit); the launcher must handle it, wherever this test runs.
      env: { LIFELINE_OWNER: owner, CI: 'true' },
    });
  const screen = (text: string | RegExp, what: string) =>
    waitFor(
      () => {
        const shown = pane.capture();
        return (typeof text === 'string' ? shown.includes(text) : text.test(shown)) && shown;
      },
      { timeoutMs: 30_000, message: `${what} on screen` },
    ).catch((error) => {
      throw new Error(`${(error as Error).message}\n--- screen ${pane.size()} ---\n${pane.capture()}`);
    });

  it('filter, run a script, see it in the panel, end it, quit: nothing of the run survives', async () => {
    start(80, 24);
    await screen('Scripts (6)', 'the script list');
    pane.type('tim');
    await screen('Scripts (1 of 6)', 'the filtered list');
    pane.keys('Enter');
    const shown = await screen(/^\s+(\d+)\s+timer\s+\d+s\s+running/m, 'timer running in the panel');
    const pid = Number(/^\s+(\d+)\s+timer\s+\d+s\s+running/m.exec(shown)?.[1]);
    expect(readOwnerTag(pid)).toBe(owner);

    pane.keys('Tab');
    await screen('e end (SIGTERM, then SIGKILL)', 'the process keys');
    pane.type('o');
    await screen('tick 1', "the timer's output");
    pane.type('e');
    await screen(/timer \(pid \d+\): ended by SIGTERM/, 'the outcome of ending it');
    await screen('ended by you', 'the state in the panel');
    expect(isLive(pid)).toBe(false);

    pane.type('q');
    await waitFor(() => pane.exitStatus() !== null, { message: 'the launcher to exit' });
    expect(pane.exitStatus()).toBe(0);
    expect(pane.capture()).toContain('PID file released');
    expect(existsSync(join(state.dir, 'lifeline.pid'))).toBe(false);
    expect(listOwnerProcesses(owner)).toEqual([]);
  });

  it('Ctrl-C ends every running child (a stubborn one by force) and removes the PID file', async () => {
    start(80, 24);
    await screen('Scripts (6)', 'the script list');
    pane.type('stub');
    await screen('Scripts (1 of 6)', 'the filtered list');
    pane.keys('Enter');
    await screen(/stubborn\s+\d+s\s+running/, 'stubborn running');
    pane.keys('Escape');
    // A key typed right after Escape would arrive as Alt+key, as in any terminal: wait first.
    await screen('Scripts (6)', 'the cleared filter');
    pane.type('http');
    await screen('Filter: http', 'the new filter');
    pane.keys('Enter');
    await screen(/http-server\s+\d+s\s+running/, 'the server running');
    expect(listOwnerProcesses(owner).length).toBeGreaterThanOrEqual(3); // launcher + two scripts

    pane.keys('C-c');
    await waitFor(() => pane.exitStatus() !== null, { timeoutMs: 45_000, message: 'the launcher to exit' });
    expect(pane.capture()).toMatch(/ended 2 processes \(1 needed SIGKILL\)/);
    expect(existsSync(join(state.dir, 'lifeline.pid'))).toBe(false);
    expect(listOwnerProcesses(owner)).toEqual([]);
  });

  it('a terminal that is too small gets a message, not a broken layout; it still quits cleanly', async () => {
    start(50, 12);
    await screen('Terminal too small: 50×12', 'the size message');
    pane.keys('C-c');
    await waitFor(() => pane.exitStatus() !== null, { message: 'the launcher to exit' });
    // 0: ink read Ctrl-C as a key; 130: it came before ink switched the terminal to raw mode,
    // as SIGINT, and core's signal handling shut down. Both are clean exits.
    expect([0, 130]).toContain(pane.exitStatus());
    expect(existsSync(join(state.dir, 'lifeline.pid'))).toBe(false);
  });
});
