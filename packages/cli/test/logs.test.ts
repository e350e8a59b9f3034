import { appendFile, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expectNoSurvivors, makeStateDir, newOwnerId, type StateDir, waitFor } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, startCli } from './helpers.js';

const STAMP = '2026-01-02_03-04-05-678';

describe('lifeline logs', () => {
  let owner: string;
  let state: StateDir;
  let runs: string;
  beforeEach(async () => {
    owner = newOwnerId('cli-logs');
    state = await makeStateDir();
    runs = join(state.dir, 'logs', 'runs');
    await mkdir(runs, { recursive: true });
    // As the launcher names them: <name>-<time>-<seq>.<pid>.log; an older run of web first.
    await writeFile(join(runs, `web-2026-01-01_00-00-00-000-1.100.log`), 'old run\n');
    await writeFile(join(runs, `web-${STAMP}-2.111.log`), 'listening on 3000\nGET /\n');
    await writeFile(join(runs, `worker-${STAMP}-3.222.log`), 'job 1 done\n');
  });
  afterEach(async () => {
    await expectNoSurvivors(owner);
    await state.cleanup();
  });
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => cli(args, { home: state.dir, owner, env });

  it("shows the scripts' output, latest run of each name, prefixed like pm2; by name or pid; --json", async () => {
    const all = await run(['logs']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toBe('web    | listening on 3000\nweb    | GET /\nworker | job 1 done\n');
    expect((await run(['logs', 'worker'])).stdout).toBe('worker | job 1 done\n');
    expect((await run(['logs', '111', '-n', '1'])).stdout).toBe('web  | GET /\n');
    const json = await run(['--json', 'logs', 'worker']);
    expect(JSON.parse(json.stdout)).toEqual({ name: 'worker', pid: 222, line: 'job 1 done' });
    const none = await run(['logs', 'nope']);
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(
      /no output of "nope" in .*runs \(runs: web, worker\); lifecycle events: `lifeline logs --events`/,
    );
  });

  it('-f prints new lines and runs that start meanwhile, interleaved, until interrupted', async () => {
    const bg = startCli(['logs', '-f', '-n', '1'], { home: state.dir, owner });
    let out = '';
    bg.child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    // Its first lines say it has read what is there: what is written next is new to it.
    await waitFor(() => out.includes('worker | job 1 done'), { timeoutMs: 30_000, message: 'the first lines' });
    await appendFile(join(runs, `web-${STAMP}-2.111.log`), 'GET /health\n');
    await writeFile(join(runs, `api-${STAMP}-4.log`), 'api up\n');
    await waitFor(() => out.includes('web    | GET /health') && out.includes('api up'), {
      timeoutMs: 30_000,
      message: `followed lines, got ${JSON.stringify(out)}`,
    });
    expect(out).toMatch(/^api +\| api up$/m);
    bg.child.kill('SIGINT'); // we spawned it
    expect((await bg.exited).code).toBe(0);
  });

  it("--events: one line per event fitting the terminal; a cleanup's skipped records in one line", async () => {
    await mkdir(join(state.dir, 'logs'), { recursive: true });
    const time = Date.parse('2026-01-02T03:04:05.678Z');
    const entry = (event: string, fields: Record<string, unknown>) =>
      JSON.stringify({ level: 30, owner: 'll-one', time, event, ...fields });
    const lines = [
      entry('spawned', { pid: 42, scriptPath: `/very/long/${'x'.repeat(200)}/script.mjs` }),
      ...[1, 2, 3].map((i) =>
        entry('orphan-skipped', { pid: 100 + i, reason: 'owner ll-two (pid 7) is a live instance' }),
      ),
      ...[4, 5].map((i) => entry('orphan-skipped', { pid: 100 + i, reason: 'no such process' })),
      entry('exited', { pid: 42, exitCode: 0 }),
    ];
    await writeFile(join(state.dir, 'logs', 'lifeline.jsonl'), `${lines.join('\n')}\n`);
    const r = await run(['logs', '--events'], { COLUMNS: '72' });
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout.trimEnd().split('\n');
    expect(out).toHaveLength(3);
    for (const line of out) expect(line.length).toBeLessThanOrEqual(72);
    expect(out[0]).toMatch(/^\d\d:\d\d:\d\d\.678 spawned +pid=42 scriptPath=\/very\/long\/x+…$/);
    expect(out[1]).toMatch(/^\d\d:\d\d:\d\d\.678 orphan-skipped +×5: 3 owner alive, 2 already gone$/);
    expect(out[2]).toMatch(/exited +pid=42 exitCode=0$/);
    // Without a terminal (a pipe, no $COLUMNS) nothing is cut.
    expect((await run(['logs', '--events'])).stdout).toContain(`${'x'.repeat(200)}/script.mjs`);
  });

  it("--layout scriptkit --events: Lifeline's log and Script Kit's own, each in its schema, merged by time", async () => {
    await mkdir(join(state.dir, 'logs'), { recursive: true });
    const at = (s: number) => Date.parse(`2026-01-04T10:30:0${s}.000Z`);
    const ours = [
      { level: 30, owner: 'll-one', time: at(1), event: 'spawned', pid: 42 },
      { level: 30, owner: 'll-one', time: at(3), event: 'exited', pid: 42, exitCode: 0 },
    ];
    const hosts = [
      // script-kit-next (JsonWithCorrelation): message at the top, fields after it.
      {
        timestamp: '2026-01-04T10:30:02.000Z',
        level: 'INFO',
        target: 'script_kit_gpui::process_manager',
        correlation_id: '7d6f2a4e-0000-4000-8000-000000000000',
        message: 'process_manager.register_process.start',
        fields: { pid: 77, script_path: '/home/ann/.scriptkit/scripts/hello.ts' },
      },
      // script-kit-gpui (tracing-subscriber json()): the message inside fields.
      {
        timestamp: '2026-01-04T10:30:04.5Z',
        level: 'WARN',
        fields: { message: 'Registering process PID 78' },
        target: 'script_kit_gpui::logging',
      },
    ];
    await writeFile(join(state.dir, 'logs', 'lifeline.jsonl'), `${ours.map((l) => JSON.stringify(l)).join('\n')}\n`);
    await writeFile(
      join(state.dir, 'logs', 'script-kit-gpui.jsonl'),
      `${hosts.map((l) => JSON.stringify(l)).join('\n')}\n`,
    );
    const before = await stat(join(state.dir, 'logs', 'script-kit-gpui.jsonl'));
    const r = await cli(['--state-dir', state.dir, '--layout', 'scriptkit', 'logs', '--events'], { owner });
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout.trimEnd().split('\n');
    expect(out).toHaveLength(4);
    expect(out[0]).toMatch(/ spawned +pid=42$/);
    expect(out[1]).toMatch(
      /^\d\d:\d\d:\d\d\.000 script-kit INFO +process_manager\.register_process\.start pid=77 script_path=\/home\/ann\/\.scriptkit\/scripts\/hello\.ts \(process_manager\)$/,
    );
    expect(out[2]).toMatch(/ exited +pid=42 exitCode=0$/);
    expect(out[3]).toMatch(/^\d\d:\d\d:\d\d\.500 script-kit WARN +Registering process PID 78 \(logging\)$/);
    // The lifeline layout has no host log: only ours.
    expect((await run(['logs', '--events'])).stdout.trimEnd().split('\n')).toHaveLength(2);
    expect((await stat(join(state.dir, 'logs', 'script-kit-gpui.jsonl'))).mtimeMs).toBe(before.mtimeMs);
  });

  it('run creates a missing --state-dir 0700, with its log directory 0700 and log 0600', async () => {
    const dir = join(state.dir, 'fresh');
    const r = await cli(['--state-dir', dir, 'run', '--', process.execPath, '-e', '0'], { owner });
    expect(r.code, r.stderr).toBe(0);
    const mode = async (path: string) => ((await stat(path)).mode & 0o777).toString(8);
    expect(await mode(dir)).toBe('700');
    expect(await mode(join(dir, 'logs'))).toBe('700');
    expect(await mode(join(dir, 'logs', 'lifeline.jsonl'))).toBe('600');
  });
});
