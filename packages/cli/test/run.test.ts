import { createInterface } from 'node:readline';
import { fixturePath, listOwnerProcesses, procState, waitFor } from '@lifeline/test-utils';
import { describe, expect, it } from 'vitest';
import { useCliFrame } from './frame.js';
import { json, psColumn, startCli } from './helpers.js';

interface Ready {
  pid: number;
  descendants: number[];
}

describe('lifeline run', () => {
  const t = useCliFrame();
  const run = t.run;

  /** `lifeline run` a tree fixture in the background; resolves once the whole tree is up. */
  async function runTree(flags: string[], treeArgs: string[]) {
    const bg = startCli(
      ['run', '--owner', t.owner, ...flags, '--', process.execPath, fixturePath('tree'), ...treeArgs],
      {
        home: t.dir,
        owner: t.owner,
      },
    );
    const stdout = bg.child.stdout;
    if (!stdout) throw new Error('no stdout');
    const ready = await new Promise<Ready>((resolve, reject) => {
      const rl = createInterface({ input: stdout });
      rl.on('line', (line) => {
        if (line.includes('"ready"')) resolve(JSON.parse(line) as Ready);
      });
      bg.exited.then((r) => reject(new Error(`lifeline run ended early (${r.code ?? r.signal})`)), reject);
    });
    return { ...bg, ready, all: [ready.pid, ...ready.descendants] };
  }

  it('passes the exit code through, 128+n for a signal, 127 when the command cannot start', async () => {
    const seven = await run(['run', '--owner', t.owner, '--', process.execPath, fixturePath('exit-with'), '7']);
    expect(seven.code).toBe(7);
    expect(seven.stdout).toContain('"ready":true'); // stdio inherited
    const signalled = await run([
      'run',
      '--owner',
      t.owner,
      '--',
      process.execPath,
      '-e',
      'process.kill(process.pid, "SIGTERM")',
    ]);
    expect(signalled.code).toBe(143);
    const missing = await run(['run', '--', 'lifeline-no-such-command-xyz']);
    expect(missing.code).toBe(127);
    expect(missing.stderr.trim()).toBe('error: cannot run "lifeline-no-such-command-xyz": command not found');
    expect(json<unknown[]>(await run(['ps', '--json']))).toEqual([]);
  });

  it('forwards SIGTERM to the tree and ends whatever ignores it after --grace', async () => {
    const polite = await runTree([], ['2', '1']);
    expect(listOwnerProcesses(t.owner).length).toBeGreaterThanOrEqual(polite.all.length);
    polite.child.kill('SIGTERM');
    expect((await polite.result).code).toBe(143);
    for (const pid of polite.all) expect(procState(pid) ?? 'gone').toMatch(/gone|Z/); // a zombie is dead

    const stubborn = await runTree(['--grace', '200'], ['1', '1', '--ignore-term']);
    stubborn.child.kill('SIGTERM');
    expect((await stubborn.result).code).toBe(137); // SIGKILL after the grace
    await waitFor(() => listOwnerProcesses(t.owner).length === 0, { message: 'the stubborn tree to be gone' });
  });

  it('end to end: SIGKILL lifeline run, status reports orphans (exit 3), cleanup ends them, ps shows nothing left', async () => {
    const bg = await runTree(['--no-guardian', '--name', 'e2e'], ['2', '1']);
    const during = json<Array<{ pid: number; name: string; state: string }>>(await run(['ps', '--json']));
    expect(during).toEqual([expect.objectContaining({ pid: bg.ready.pid, name: 'e2e', state: 'running' })]);

    bg.child.kill('SIGKILL'); // we spawned it: the pid is ours to signal
    expect((await bg.exited).signal).toBe('SIGKILL');
    for (const pid of bg.all) expect(procState(pid)).toMatch(/[RS]/); // the tree outlived its owner

    const status = await run(['status']);
    expect(status.code).toBe(3);
    expect(status.stdout).toMatch(/orphans\s+1/);
    expect(status.stdout).toMatch(/unhealthy: .*1 orphan/);
    const ps = await run(['ps']);
    expect(ps.stdout).toMatch(/1 orphan\(s\)/);
    expect(psColumn(ps.stdout, 'STATE').get(bg.ready.pid)).toBe('orphan'); // the row says so, not only the footer

    const dry = await run(['cleanup', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`^\\s*${bg.ready.pid}\\s+would-kill\\s+e2e: `, 'm'));
    expect(procState(bg.ready.pid)).toMatch(/[RS]/);

    const cleanup = await run(['cleanup']);
    expect(cleanup.code, cleanup.stderr).toBe(0);
    expect(cleanup.stdout).toMatch(new RegExp(`^\\s*${bg.ready.pid}\\s+killed\\s+e2e: `, 'm'));
    // Said as it is signalled: what was sent, and when SIGKILL would follow.
    expect(cleanup.stderr).toMatch(
      new RegExp(
        `pid ${bg.ready.pid} e2e: orphan, sending SIGTERM; SIGKILL at \\d\\d:\\d\\d:\\d\\d \\(after 3\\.0 s\\) if still alive`,
      ),
    );
    // `lifeline run` holds no PID file (it never replaces a launcher's), and core's cleanup
    // removes the dead owner's owners/<id>.json itself: no stale file is left to report.
    expect(cleanup.stdout).not.toMatch(/lifeline\.pid/);
    for (const pid of bg.all) expect(procState(pid) ?? 'gone').toMatch(/gone|Z/);
    await bg.result;

    expect(json<unknown[]>(await run(['ps', '--json']))).toEqual([]);
    const after = await run(['status', '--json']);
    expect(after.code).toBe(0);
    expect(json<{ healthy: boolean; orphans: number }>(after)).toMatchObject({ healthy: true, orphans: 0 });
    expect(listOwnerProcesses(t.owner)).toEqual([]);

    const logs = await run(['logs', '--events', '--json']);
    const events = logs.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { event: string }).event);
    expect(events).toEqual(expect.arrayContaining(['spawned', 'registered', 'orphan-killed']));
    const pretty = await run(['logs', '--events', '--since', '1h']);
    expect(pretty.stdout).toMatch(/^\d\d:\d\d:\d\d\.\d{3} orphan-killed\s+pid=\d+/m);
  });
});
