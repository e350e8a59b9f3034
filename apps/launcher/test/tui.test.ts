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

  const start = (width: number, height: number, extra: string[] = []) =>
    pane.start(
      [process.execPath, launcherBin, '--state-dir', state.dir, '--owner-id', owner, '--no-guardian', ...extra],
      {
        width,
        height,
        // CI=true on purpose: a real terminal is interactive even inside a CI job (ink would
        // otherwise draw nothing until exit); the launcher must handle it, wherever this test runs.
        env: { LIFELINE_OWNER: owner, CI: 'true' },
      },
    );
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
    await waitFor(() => pane.exitStatus() !== null, { timeoutMs: 45_000, message: 'the launcher to exit' });
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
    await waitFor(() => pane.exitStatus() !== null, { timeoutMs: 45_000, message: 'the launcher to exit' });
    // 0: ink read Ctrl-C as a key; 130: it came before ink switched the terminal to raw mode,
    // as SIGINT, and core's signal handling shut down. Both are clean exits.
    expect([0, 130]).toContain(pane.exitStatus());
    expect(existsSync(join(state.dir, 'lifeline.pid'))).toBe(false);
  });

  it('a pasted "name⏎" runs it; e says what was sent and when SIGKILL comes; the selection stays on it; a second e forces it at once', async () => {
    start(100, 30, ['--grace-ms', '60000']);
    await screen('Scripts (6)', 'the script list');
    pane.type('timer\r'); // one chunk: text and Enter together, as a paste delivers them
    await screen(/^\s+\d+\s+timer\s+\d+s\s+running/m, 'timer running');
    pane.keys('Escape');
    await screen('Scripts (6)', 'the cleared filter');
    pane.type('stubborn\r');
    const shown = await screen(/^\s+(\d+)\s+stubborn\s+\d+s\s+running/m, 'stubborn running');
    const pid = Number(/^\s+(\d+)\s+stubborn\s+\d+s\s+running/m.exec(shown)?.[1]);
    pane.keys('Tab');
    await screen('e end (SIGTERM, then SIGKILL)', 'the process keys');
    // The newest run (stubborn) is selected. It ignores SIGTERM: the grace is a minute.
    pane.type('e');
    await screen(
      new RegExp(`ending stubborn \\(pid ${pid}\\): SIGTERM sent; SIGKILL in 60\\.0 s if it ignores it`),
      'what was sent, and when the force comes',
    );
    expect(isLive(pid)).toBe(true);
    pane.type('e');
    await screen(new RegExp(`forcing stubborn \\(pid ${pid}\\): SIGKILL sent at once`), 'the force, said');
    await screen(new RegExp(`stubborn \\(pid ${pid}\\): force-killed \\(SIGKILL\\) at once`), 'what really happened');
    await waitFor(() => !isLive(pid), { timeoutMs: 30_000, message: 'stubborn gone long before its grace' });
    // Ended, it moved below the running timer; the selection moved with it, so a third e
    // concerns stubborn again and never the timer.
    await screen(/›\s+\d+\s+stubborn\s+\d+s\s+ended by you/, 'the selection still on stubborn');
    pane.type('e');
    await screen('stubborn is not running', 'a third e on the ended run');
    expect(pane.capture()).toMatch(/^\s+\d+\s+timer\s+\d+s\s+running/m);

    pane.type('q');
    await waitFor(() => pane.exitStatus() !== null, { timeoutMs: 45_000, message: 'the launcher to exit' });
    expect(listOwnerProcesses(owner)).toEqual([]);
  });

  it('a second Ctrl-C while quitting forces every child at once and says so', async () => {
    start(100, 30, ['--grace-ms', '60000']);
    await screen('Scripts (6)', 'the script list');
    pane.type('stubborn\r');
    const shown = await screen(/^\s+(\d+)\s+stubborn\s+\d+s\s+running/m, 'stubborn running');
    const pid = Number(/^\s+(\d+)\s+stubborn\s+\d+s\s+running/m.exec(shown)?.[1]);
    pane.keys('C-c');
    await screen('quitting: ending 1 process', 'the first Ctrl-C');
    expect(isLive(pid)).toBe(true); // it ignores SIGTERM, and the grace is a minute
    pane.keys('C-c');
    await waitFor(() => pane.exitStatus() !== null, { timeoutMs: 45_000, message: 'the launcher to exit' });
    expect(pane.capture()).toMatch(/ended 1 process \(1 needed SIGKILL\); PID file released/);
    expect(isLive(pid)).toBe(false);
    expect(listOwnerProcesses(owner)).toEqual([]);
  });

  it('runs that do not fit the process panel are counted in a "+N more" line', async () => {
    start(80, 24);
    await screen('Scripts (6)', 'the script list');
    pane.type('hello');
    await screen('Scripts (1 of 6)', 'the filtered list');
    for (let i = 1; i <= 7; i++) {
      pane.keys('Enter');
      // Up to four runs show in this panel's five rows once a "+N more" line needs the fifth.
      await waitFor(() => (pane.capture().match(/^\s+\d+\s+hello\s/gm)?.length ?? 0) >= Math.min(i, 4), {
        timeoutMs: 30_000,
        message: `run ${i} in the panel`,
      });
    }
    await screen(/\+3 more \(↓ 3 more; ↑↓ to scroll\)/, 'the +N more line');
    pane.keys('C-c');
    await waitFor(() => pane.exitStatus() !== null, { timeoutMs: 45_000, message: 'the launcher to exit' });
  });
});
