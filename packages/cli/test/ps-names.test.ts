import { execFileSync } from 'node:child_process';
import { createManager, type ProcessManager } from '@lifeline/core';
import {
  expectNoSurvivors,
  fixturePath,
  makeStateDir,
  newOwnerId,
  procState,
  type StateDir,
  waitFor,
} from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, cli, psColumn, startCli } from './helpers.js';

/** Above any pid_max: never a process. */
const NO_PID = 2 ** 31 - 2;

describe('ps and kill by name', () => {
  let owner: string;
  let state: StateDir;
  let manager: ProcessManager;
  beforeEach(async () => {
    owner = newOwnerId('cli-names');
    state = await makeStateDir();
    // A started instance writes owners/<id>.json with its display name, which ps shows.
    manager = createManager({
      stateDir: state.dir,
      ownerId: owner,
      name: 'test-owner',
      logger: false,
      handleSignals: false,
      pidFile: false,
    });
    await manager.start();
  });
  afterEach(async () => {
    await manager.shutdown({ graceMs: 0 });
    await expectNoSurvivors(owner);
    await state.cleanup();
  });
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => cli(args, { home: state.dir, owner, env });

  async function spawn(fixture: 'sleeper' | 'ignore-term', name: string) {
    const child = manager.spawn(process.execPath, [fixturePath(fixture)], { stdio: 'pipe', name });
    await child.ready;
    await new Promise((resolve) => child.child.stdout?.once('data', resolve)); // its readiness line
    return child;
  }
  const alive = (pid: number) => /^[RSD]/.test(procState(pid) ?? '');

  it('ps names each row (NAME, owner display name), fits 80 columns, --wide shows everything, ls/list are ps', async () => {
    const [a, b, c] = [await spawn('sleeper', 'web'), await spawn('sleeper', 'web'), await spawn('sleeper', 'worker')];
    const ps = await run(['ps']);
    expect(ps.code, ps.stderr).toBe(0);
    expect(psColumn(ps.stdout, 'NAME')).toEqual(
      new Map([
        [a.pid, 'web'],
        [b.pid, 'web'],
        [c.pid, 'worker'],
      ]),
    );
    expect([...psColumn(ps.stdout, 'OWNER').values()]).toEqual(['test-owner', 'test-owner', 'test-owner']);
    for (const line of ps.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    for (const alias of ['ls', 'list']) {
      const same = await run([alias]);
      expect(same.stdout.split('\n')[0], alias).toBe(ps.stdout.split('\n')[0]);
      expect(psColumn(same.stdout, 'NAME'), alias).toEqual(psColumn(ps.stdout, 'NAME'));
    }

    const wide = await run(['ps', '--wide']);
    expect(wide.stdout).toContain(fixturePath('sleeper')); // the full command, not cut
    expect(wide.stdout).toContain(`test-owner ${owner}`);
    expect(wide.stdout.split('\n')[0]).toMatch(/PID\s+PGID\s+NAME\s+STATE\s+AGE\s+RSS\s+CPU\s+OWNER\s+COMMAND/);
  });

  it('below 80 columns whole columns go, and no row wraps: through $COLUMNS and in a real 50-column terminal', async () => {
    const child = await spawn('sleeper', 'narrow-one');
    const narrow = await run(['ps'], { COLUMNS: '50' });
    const lines = narrow.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(50);
    expect(lines[0]).toMatch(/^\s*PID\s+NAME\s+STATE\b/);
    expect(lines[0]).not.toContain('COMMAND');
    expect(psColumn(narrow.stdout, 'NAME').get(child.pid)).toBe('narrow-one');

    // A real pseudo-terminal (tmux, private socket), where the width comes from the tty.
    const socket = `lifeline-${owner}`;
    const tmux = (...args: string[]) =>
      execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
    try {
      tmux(
        'new-session',
        '-d',
        '-x',
        '50',
        '-y',
        '20',
        '-e',
        `LIFELINE_HOME=${state.dir}`,
        '-e',
        `LIFELINE_OWNER=${owner}`,
        '-e',
        'NO_COLOR=1',
        `'${process.execPath}' '${BIN}' ps; echo "ps-exit-$?"; sleep 600`,
      );
      const screen = await waitFor(
        () => {
          const shown = tmux('capture-pane', '-p');
          return shown.includes('ps-exit-') && shown;
        },
        { timeoutMs: 30_000, message: 'ps in tmux' },
      );
      expect(screen).toContain('ps-exit-0');
      const rows = screen.split('\n').filter((l) => l.trim() && !l.startsWith('ps-exit'));
      // Exactly a header and one row: nothing wrapped onto a second line.
      expect(rows).toHaveLength(2);
      expect(rows[1]).toMatch(new RegExp(`^\\s*${child.pid}\\s+narrow-one\\s+running`));
    } finally {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
    }
  });

  it('kill NAME ends the one process of that name; an ambiguous name lists the pids and ends nothing', async () => {
    const [a, b, c] = [await spawn('sleeper', 'web'), await spawn('sleeper', 'web'), await spawn('sleeper', 'worker')];
    const ambiguous = await run(['kill', 'web', 'worker']);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain(`"web" names 2 processes: pids ${a.pid}, ${b.pid} — give the pid`);
    expect(ambiguous.stderr).toContain('nothing was signalled');
    for (const p of [a, b, c]) expect(alive(p.pid)).toBe(true); // not even worker

    const one = await run(['kill', 'worker', '--grace', '2000']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain(`pid ${c.pid} worker (tracked): ended`);
    await waitFor(() => !alive(c.pid), { timeoutMs: 30_000, message: 'worker gone' });
    expect(alive(a.pid) && alive(b.pid)).toBe(true);
  });

  it('kill says at once what it sent and when SIGKILL comes; a pid with no process is "no such process"', async () => {
    const stubborn = await spawn('ignore-term', 'stubborn');
    const bg = startCli(['kill', String(stubborn.pid), '--grace', '3000'], { home: state.dir, owner });
    let stderr = '';
    bg.child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    let exited = false;
    void bg.exited.then(() => {
      exited = true;
    });
    await waitFor(() => stderr.includes('sending SIGTERM'), { timeoutMs: 30_000, message: 'the announcement' });
    expect(exited).toBe(false); // said while the grace runs, not after
    expect(stderr).toMatch(
      new RegExp(
        `sending SIGTERM to pid ${stubborn.pid} and their trees; SIGKILL at \\d\\d:\\d\\d:\\d\\d \\(after 3\\.0 s\\)`,
      ),
    );
    const done = await bg.result;
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/killed by force \(SIGKILL\)/);

    const none = await run(['kill', String(NO_PID)]);
    expect(none.code).toBe(1);
    expect(none.stdout.trim()).toBe(`pid ${NO_PID}: no such process`);
    expect(none.stdout + none.stderr).not.toContain('--force-untracked');
  });
});
