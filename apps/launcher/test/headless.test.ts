import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectNoSurvivors, listOwnerProcesses, makeStateDir, newOwnerId, type StateDir } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isLive, type LauncherProcess, parseEvents, runLauncher, startHeadless } from './helpers';

describe('headless mode', () => {
  let owner: string;
  let state: StateDir;
  let launcher: LauncherProcess | undefined;

  beforeEach(async () => {
    owner = newOwnerId('headless');
    state = await makeStateDir('lifeline-launcher-');
  });

  afterEach(async () => {
    if (launcher && launcher.child.exitCode === null && launcher.child.signalCode === null)
      launcher.child.kill('SIGKILL');
    launcher = undefined;
    await expectNoSurvivors(owner);
    await state.cleanup();
  });

  it('prints one JSON line per lifecycle event and exits 1 when a script crashes', () => {
    const result = runLauncher(owner, ['--headless', '--json', 'run', 'hello', 'crash', '--state-dir', state.dir]);
    expect(result.status).toBe(1);
    const events = parseEvents(result.stdout);
    const names = events.map((e) => e.event);
    for (const name of ['startup', 'cleanup', 'spawned', 'registered', 'exited', 'unregistered', 'done', 'shutdown'])
      expect(names).toContain(name);
    const exits = events.filter((e) => e.event === 'exited');
    expect(exits.map((e) => [e.script, e.code]).sort()).toEqual([
      ['crash', 3],
      ['hello', 0],
    ]);
    expect(existsSync(join(state.dir, 'lifeline.pid'))).toBe(false);
  });

  it("--layout scriptkit: Script Kit's file names, its log untouched, the stand-in SDK loaded before the watcher", () => {
    const host = '{"timestamp":"2026-01-04T10:30:45.123Z","level":"INFO","target":"script_kit_gpui","message":"x"}\n';
    mkdirSync(join(state.dir, 'logs'), { mode: 0o700 });
    writeFileSync(join(state.dir, 'logs', 'script-kit-gpui.jsonl'), host);
    const result = runLauncher(owner, [
      '--headless',
      '--json',
      'run',
      'hello',
      '--layout',
      'scriptkit',
      '--state-dir',
      state.dir,
    ]);
    expect(result.status).toBe(0);
    const events = parseEvents(result.stdout);
    const started = events.find((e) => e.event === 'started');
    const output = readFileSync(String(started?.log), 'utf8');
    expect(output).toContain('sdk: stand-in kit-sdk (loaded first: true)');
    expect(existsSync(join(state.dir, 'active-bun-pids.json'))).toBe(true);
    expect(existsSync(join(state.dir, 'script-kit.pid'))).toBe(false); // released at shutdown
    expect(readFileSync(join(state.dir, 'logs', 'script-kit-gpui.jsonl'), 'utf8')).toBe(host);
    expect(readFileSync(join(state.dir, 'logs', 'lifeline.jsonl'), 'utf8')).toContain('"event":"spawned"');
  });

  it('a second launcher on the same state dir names the holder and exits non-zero; SIGINT ends the first cleanly', async () => {
    launcher = startHeadless(owner, ['run', 'timer', '--state-dir', state.dir, '--no-guardian']);
    const registered = await launcher.waitForEvent((e) => e.event === 'registered', 'timer registered');

    const second = runLauncher(owner, ['--headless', 'run', 'hello', '--state-dir', state.dir, '--no-guardian']);
    expect(second.status).toBe(3);
    expect(second.stderr).toBe(
      `launcher: another launcher (pid ${launcher.pid}, owner ${owner}) is already running on state dir ${state.dir}; quit it first, or pass --state-dir <another dir>\n`,
    );
    expect(isLive(Number(registered.pid))).toBe(true); // the second one touched nothing

    launcher.child.kill('SIGINT');
    const { code } = await launcher.exited;
    expect(code).toBe(130);
    expect(launcher.events.some((e) => e.event === 'interrupted')).toBe(true);
    expect(isLive(Number(registered.pid))).toBe(false);
    expect(existsSync(join(state.dir, 'lifeline.pid'))).toBe(false);
    expect(listOwnerProcesses(owner)).toEqual([]);
  });

  it('an unknown script name is a usage error before anything starts (exit 2, did you mean); a TypeScript script under node fails alone', () => {
    const scripts = join(state.dir, 'my-scripts');
    mkdirSync(scripts);
    writeFileSync(join(scripts, 'ok.mjs'), 'console.log("ok")\n');
    writeFileSync(join(scripts, 'typed.ts'), 'const n: number = 1; console.log(n)\n');
    const stateDir = join(state.dir, 'state');
    const common = ['--scripts', scripts, '--runtime', 'node', '--state-dir', stateDir];
    const typo = runLauncher(owner, ['--headless', '--json', 'run', 'okk', 'typed', ...common]);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toBe('launcher: no script named "okk" — did you mean "ok"?\navailable: ok, typed\n');
    expect(typo.stdout).toBe('');
    expect(existsSync(stateDir)).toBe(false); // no startup at all: not even the state dir

    const result = runLauncher(owner, ['--headless', '--json', 'run', 'typed', 'ok', ...common]);
    expect(result.status).toBe(1);
    const events = parseEvents(result.stdout);
    expect(events.find((e) => e.event === 'failed' && e.script === 'typed')?.message).toMatch(/TypeScript.*node/);
    expect(events.find((e) => e.event === 'exited' && e.script === 'ok')?.code).toBe(0);
    expect(events.find((e) => e.event === 'output' && e.script === 'ok')?.line).toBe('ok');
  });

  it('text mode interleaves script output as "name | line", registration before exit; logs are private', () => {
    const result = runLauncher(owner, ['--headless', 'run', 'hello', 'crash', '--state-dir', state.dir]);
    expect(result.status).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines).toContain(`hello | my owner is ${owner}`);
    expect(lines.some((l) => /^crash \| /.test(l))).toBe(true);
    for (const script of ['hello', 'crash']) {
      const registered = lines.findIndex((l) => new RegExp(`registered +pid=\\d+ script=${script}`).test(l));
      const exited = lines.findIndex((l) => new RegExp(`exited +pid=\\d+ script=${script}`).test(l));
      expect(registered, script).toBeGreaterThan(-1);
      expect(exited, script).toBeGreaterThan(registered);
    }
    const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
    expect(mode(join(state.dir, 'logs'))).toBe('700');
    expect(mode(join(state.dir, 'logs', 'lifeline.jsonl'))).toBe('600');
    // Each run's output file is core's (createOutputFile): private, named after the script.
    const runs = readdirSync(join(state.dir, 'logs', 'runs'));
    expect(runs.length).toBe(2);
    expect(runs.every((f) => /^(hello|crash)-.*-\d+\.log$/.test(f))).toBe(true);
    expect(mode(join(state.dir, 'logs', 'runs'))).toBe('700');
    for (const f of runs) expect(mode(join(state.dir, 'logs', 'runs', f))).toBe('600');
  });

  it("an unknown option gets one line of our own (with a suggestion), not node's parser hint and the whole usage", () => {
    const r = runLauncher(owner, ['--hedless', 'run', 'hello']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'launcher: unknown option --hedless (did you mean --headless?)\nRun `launcher --help` for the options.\n',
    );
  });

  it('bad input: a missing or empty scripts folder is a clear message and nothing is started', () => {
    const missing = runLauncher(owner, [
      '--headless',
      'run',
      'x',
      '--scripts',
      join(state.dir, 'nowhere'),
      '--state-dir',
      state.dir,
    ]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/scripts folder .*nowhere does not exist/);
    const empty = join(state.dir, 'empty');
    mkdirSync(empty);
    const none = runLauncher(owner, ['--headless', 'run', 'x', '--scripts', empty, '--state-dir', state.dir]);
    expect(none.stderr).toMatch(/has no scripts/);
    const usage = runLauncher(owner, ['--runtime', 'deno']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/--runtime must be bun, node or auto, got "deno"/);
  });

  it('when stdout is not a terminal, prints the script list and usage instead of the UI', () => {
    const result = runLauncher(owner, ['--state-dir', state.dir]);
    expect(result.status).toBe(0);
    for (const name of ['hello', 'timer', 'spawner', 'stubborn', 'crash', 'http-server'])
      expect(result.stdout).toContain(name);
    expect(result.stdout).toContain('--headless run');
    expect(existsSync(join(state.dir, 'lifeline.pid'))).toBe(false);
  });
});
