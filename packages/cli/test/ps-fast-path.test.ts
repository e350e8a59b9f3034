import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OwnerInfo, ProcessRecord } from '@lifeline/persistence';
import { identify } from '@lifeline/platform-kill';
import {
  expectNoSurvivors,
  makeStateDir,
  newOwnerId,
  type RunningFixture,
  type StateDir,
  startFixture,
  waitFor,
} from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { matchPsArgv } from '../src/dispatch/ps-argv.js';
import { runProgram } from '../src/dispatch/run-program.js';
import { runPs } from '../src/dispatch/run-ps.js';
import type { CliIo } from '../src/output/io.js';
import { BIN, type CliResult, cli } from './helpers.js';

const DEAD_PID = 2 ** 31 - 3; // above any pid_max: never a process
const THREE_DAYS_AGO = new Date(Date.now() - 3 * 86_400_000 - 60_000).toISOString();
const TRACE = fileURLToPath(new URL('./fixtures/trace-loads.mjs', import.meta.url));

/**
 * `lifeline ps` skips commander when the command line is plain (src/dispatch/ps-argv.ts). The
 * same command lines, on the same state, must give the same exit code, stdout and stderr
 * through the bin (the fast path), the fast path in-process and the full commander program.
 */
describe('ps fast path: the same answers as the commander program', () => {
  let owner: string;
  let state: StateDir;
  let group: (RunningFixture & { startTime: string }) | undefined;
  beforeEach(async () => {
    owner = newOwnerId('cli-fast');
    state = await makeStateDir();
    group = undefined;
  });
  afterEach(async () => {
    if (group) {
      // The fixture we spawned (detached: its own group), still the same process by start time.
      const pid = group.child.pid as number;
      const now = await identify(pid);
      if (pid > 1 && now?.startTime === group.startTime && now.pgid === pid) process.kill(-pid, 'SIGKILL');
      await group.exited;
    }
    await expectNoSurvivors(owner);
    await state.cleanup();
  });

  const envFor = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LIFELINE_HOME: state.dir, ...extra };
    delete env.FORCE_COLOR;
    if (!('COLUMNS' in extra)) delete env.COLUMNS;
    return env;
  };

  async function inProcess(which: 'fast' | 'program', argv: string[], extra?: NodeJS.ProcessEnv): Promise<CliResult> {
    let stdout = '';
    let stderr = '';
    const io: CliIo = {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      env: envFor(extra),
    };
    const invocation = matchPsArgv(argv);
    if (which === 'fast' && !invocation) throw new Error(`not a fast-path command line: ${argv.join(' ')}`);
    const code = which === 'fast' && invocation ? await runPs(invocation, io) : await runProgram(argv, io);
    return { code, signal: null, stdout, stderr };
  }

  const viaBin = (argv: string[], extra?: NodeJS.ProcessEnv) =>
    cli(argv, { home: state.dir, owner, env: envFor(extra) });

  /**
   * --json carries ageSeconds, which moves on between runs, and a --verbose stack names the
   * frames of the path taken; everything else must be equal.
   */
  function comparable(r: CliResult, argv: string[]): CliResult {
    if (argv.includes('--verbose') && r.code !== 0) {
      const [message, stackTop] = r.stderr.split('\n');
      expect(stackTop).toMatch(/^\s*CliError: /);
      return { ...r, stderr: `${message}\n${stackTop}` };
    }
    if (!argv.includes('--json') || r.code !== 0) return r;
    const rows = JSON.parse(r.stdout) as Array<{ ageSeconds: number }>;
    for (const row of rows) {
      expect(row.ageSeconds).toBeGreaterThan(3 * 86_400);
      row.ageSeconds = 0;
    }
    return { ...r, stdout: JSON.stringify(rows) };
  }

  async function expectSame(argv: string[], extra?: NodeJS.ProcessEnv): Promise<CliResult> {
    const program = comparable(await inProcess('program', argv, extra), argv);
    const fast = comparable(await inProcess('fast', argv, extra), argv);
    const bin = comparable(await viaBin(argv, extra), argv);
    expect(fast, `in-process fast path: ${argv.join(' ')}`).toEqual(program);
    expect(bin, `bin: ${argv.join(' ')}`).toEqual(program);
    return program;
  }

  /** Live, orphaned, gone and reused records, an owner with a display name; ages in days (stable). */
  async function trackedState(): Promise<void> {
    const fixture = await startFixture('sh-group', { owner });
    // The shell reports ready before its children have exec'd sleep; until then a read sees
    // a shell (other command, other RSS) and the three ways of running ps could disagree.
    const sleeping = async (pid: number) => /(^|\/)sleep /.test((await identify(pid))?.command ?? '');
    await waitFor(
      async () => (await sleeping(fixture.allPids[1] as number)) && sleeping(fixture.allPids[2] as number),
      {
        timeoutMs: 20_000,
        message: "the fixture's children to run sleep",
      },
    );
    const [shell, sleepA, me] = await Promise.all([
      identify(fixture.child.pid as number),
      identify(fixture.allPids[1] as number),
      identify(process.pid),
    ]);
    if (!shell || !sleepA || !me) throw new Error('fixture or test runner not identifiable');
    group = { ...fixture, startTime: shell.startTime };
    const liveOwner = { id: `${owner}-live`, pid: process.pid, start_time: me.startTime, boot_id: me.bootId };
    const records: ProcessRecord[] = [
      {
        pid: shell.pid,
        pgid: shell.pgid,
        script_path: '/fixtures/sh-group.sh',
        command: shell.command,
        name: 'group',
        started_at: THREE_DAYS_AGO,
        start_time: shell.startTime,
        boot_id: shell.bootId,
        owner: { id: 'gone-owner-1', pid: DEAD_PID, start_time: '1' },
      },
      {
        pid: sleepA.pid,
        script_path: '/bin/sleep',
        command: sleepA.command,
        started_at: THREE_DAYS_AGO,
        start_time: sleepA.startTime,
        boot_id: sleepA.bootId,
        owner: liveOwner,
      },
      { pid: DEAD_PID, script_path: '/scripts/gone.mjs', started_at: THREE_DAYS_AGO, start_time: '1' },
      {
        pid: group.allPids[2] as number,
        script_path: '/scripts/reused.mjs',
        started_at: THREE_DAYS_AGO,
        start_time: '1',
        owner: liveOwner,
      },
    ];
    await writeFile(join(state.dir, 'active-pids.json'), JSON.stringify(records, null, 2));
    await mkdir(join(state.dir, 'owners'), { recursive: true });
    const info: OwnerInfo = { ...liveOwner, started_at: THREE_DAYS_AGO, name: 'fast-path-test' };
    await writeFile(join(state.dir, 'owners', `${liveOwner.id}.json`), JSON.stringify(info));
  }

  it('tables, --wide, --tree, --json, aliases and a narrow terminal match', async () => {
    await trackedState();
    const ps = await expectSame(['ps']);
    expect(ps.code).toBe(0);
    expect(ps.stdout).toMatch(/\bgroup\s+orphan\b/);
    expect(ps.stdout).toMatch(/\bfast-path-test\b/);
    expect(ps.stdout).toMatch(/\breused\b/);
    expect(ps.stdout).toMatch(/\bgone\b/);
    expect(ps.stdout).toContain('1 orphan(s)');
    const tree = await expectSame(['list', '--tree']);
    expect(tree.stdout).toContain('└─ sleep');
    const json = await expectSame(['--json', 'ps', '--tree']);
    expect(JSON.parse(json.stdout)).toHaveLength(4);
    await expectSame(['ls', '--wide', '--verbose']);
    await expectSame(['ps', '-w', '--layout', 'lifeline', '--json']);
    const narrow = await expectSame(['ps'], { COLUMNS: '50' });
    const table = narrow.stdout
      .split('\n')
      .filter((line) => /^\s*(PID|\d+)\s/.test(line) && !line.includes('orphan(s)'));
    expect(table).toHaveLength(5);
    for (const line of table) expect(line.length).toBeLessThanOrEqual(50);
  });

  it('a corrupt registry warns the same way; empty and unusable state directories fail the same way', async () => {
    const good: ProcessRecord = { pid: DEAD_PID, script_path: '/scripts/gone.mjs', started_at: THREE_DAYS_AGO };
    await writeFile(join(state.dir, 'active-pids.json'), `[${JSON.stringify(good)}, {"pid": 1}, {"pid": `);
    const corrupt = await expectSame(['ps']);
    expect(corrupt.code).toBe(0);
    expect(corrupt.stderr).toContain('is corrupt');
    expect((await expectSame(['ps', '--json'])).stderr).toContain('is corrupt');

    const empty = await makeStateDir();
    try {
      expect((await expectSame(['ps', '--state-dir', empty.dir])).stdout).toContain('No tracked processes');
    } finally {
      await empty.cleanup();
    }
    const missing = await expectSame(['ps', '--state-dir', join(state.dir, 'missing')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^error: state directory .* does not exist\n$/);
    const file = await expectSame(['ps', `--state-dir=${join(state.dir, 'active-pids.json')}`]);
    expect(file.code).toBe(2);
    expect(file.stderr).toContain('is not a directory');
    expect((await expectSame(['ps', '--state-dir='])).stderr).toBe('error: the state directory path is empty\n');
    const verbose = await expectSame(['ps', '--verbose', '--state-dir', join(state.dir, 'missing')]);
    expect(verbose.stderr).toContain('\nCliError: '); // the stack is printed (its frames differ by path)
  });

  it("help, typos and unusual flags still get commander answers through the bin (--version: the bin's own, the same)", async () => {
    for (const [argv, code, text] of [
      [['--version'], 0, '.'],
      [['-V'], 0, '.'],
      [['ps', '--help'], 0, 'Usage: lifeline ps'],
      [['ps', '--bogus'], 2, "unknown option '--bogus'"],
      [['-w', 'ps'], 2, "unknown option '-w'"],
      [['ps', 'extra'], 2, 'too many arguments'],
      [['ps', '--layout', 'pm2'], 2, 'pm2'],
      [['ps', '--state-dir'], 2, "option '--state-dir <dir>' argument missing"],
    ] as const) {
      const bin = await viaBin([...argv]);
      expect(bin.code, argv.join(' ')).toBe(code);
      expect(bin.stdout + bin.stderr, argv.join(' ')).toContain(text);
      expect(bin, argv.join(' ')).toEqual(await inProcess('program', [...argv]));
    }
  });

  it('the bin runs a plain ps from dist/fast.cjs alone (no commander, core, pino, zod or ESM copy); anything else loads commander', async () => {
    await trackedState();
    const loaded = async (argv: string[]) => {
      const file = join(state.dir, `loads-${argv.join('_')}.txt`);
      const child = spawn(process.execPath, ['--import', TRACE, BIN, ...argv], {
        env: { ...envFor(), LIFELINE_OWNER: owner, TRACE_LOADS_FILE: file },
        stdio: 'ignore',
      });
      const code = await new Promise((resolve) => child.once('exit', resolve));
      const urls = [...new Set((await readFile(file, 'utf8')).trim().split('\n'))];
      // Every file but node's own and this test's tracer: Lifeline's packages and node_modules.
      const all = urls.filter((u) => u.startsWith('file:') && !u.includes('/test/fixtures/trace-loads'));
      const lifeline = all.filter((u) => u.includes('/packages/')).map((u) => u.slice(u.indexOf('/packages/')));
      const files = all.filter((u) => u.includes('/packages/cli/dist/'));
      const withCommander = [];
      for (const url of files)
        if ((await readFile(new URL(url), 'utf8')).includes('CommanderError')) withCommander.push(url);
      return { code, all, lifeline, withCommander };
    };
    for (const argv of [['ps'], ['ps', '--json'], ['ls', '--tree', '-w']]) {
      const fast = await loaded(argv);
      expect(fast.code, argv.join(' ')).toBe(0);
      expect(fast.lifeline, argv.join(' ')).toEqual(['/packages/cli/bin/lifeline.js', '/packages/cli/dist/fast.cjs']);
      expect(fast.withCommander, argv.join(' ')).toEqual([]);
      // From node_modules only cli-table3 (and its own dependencies) for the tree's box characters.
      expect(
        fast.all.filter((u) => /\/node_modules\/(commander|pino[^/]*|zod)\//.test(u)),
        argv.join(' '),
      ).toEqual([]);
    }
    const slow = await loaded(['ps', '--bogus']);
    expect(slow.code).toBe(2);
    expect(slow.withCommander).toHaveLength(1);
  });
});

describe("the fast path's code cache", () => {
  const dist = fileURLToPath(new URL('../dist/', import.meta.url));
  const fast = `${dist}fast.cjs`;

  it('is named by the V8 that built it, and accepted by that V8 as the bin compiles it', async () => {
    // One build, one cache: the name says which V8 made it (turbo may replay a build for another node).
    const caches = readdirSync(dist).filter((name) => /^fast\.cjs\..+\.v8cache$/.test(name));
    expect(caches).toHaveLength(1);
    const madeBy = caches[0]!.slice('fast.cjs.'.length, -'.v8cache'.length);
    // The bin's own compile (Module.wrap of the file, with the cache), in a node without test flags.
    const check = `const fs = require('node:fs'), vm = require('node:vm'), Module = require('node:module');
      const f = process.argv[1];
      const s = new vm.Script(Module.wrap(fs.readFileSync(f, 'utf8')), { filename: f, cachedData: fs.readFileSync(f + '.' + process.argv[2] + '.v8cache') });
      process.stdout.write(String(s.cachedDataRejected));`;
    const child = spawn(process.execPath, ['-e', check, fast, madeBy], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    // Another node (the CI's second stage replays this build) only checks that its V8 would reject it: the bin never loads it there.
    expect(out).toBe(madeBy === process.versions.v8 ? 'false' : 'true');
  });
});
