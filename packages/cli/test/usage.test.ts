import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { useCliFrame } from './frame.js';
import { cli } from './helpers.js';

describe('usage and bad input', () => {
  const t = useCliFrame();
  const run = t.run;

  it('--help lists every command, examples and the exit codes', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const word of [
      'ps',
      'kill',
      'cleanup',
      'status',
      'run',
      'logs',
      'doctor',
      'Exit codes:',
      'Examples:',
      'LIFELINE_HOME',
    ]) {
      expect(r.stdout).toContain(word);
    }
    expect(Math.max(...r.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(80);
  });

  it('each command has --help with examples', async () => {
    for (const command of ['ps', 'kill', 'cleanup', 'status', 'run', 'logs', 'doctor']) {
      const r = await run([command, '--help']);
      expect(r.code, command).toBe(0);
      expect(r.stdout, command).toContain(`$ lifeline ${command}`);
    }
  });

  it('--version prints the package version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('an unknown command or flag is a usage error (exit 2), one line plus a suggestion', async () => {
    const command = await run(['pss']);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/unknown command 'pss'/);
    expect(command.stderr).toMatch(/Did you mean ps\?/);
    const flag = await run(['ps', '--bogus']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/unknown option '--bogus'/);
    expect(flag.stderr).not.toMatch(/\n\s+at /);
  });

  it('no command at all prints help on stderr and exits 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: lifeline');
  });

  it('a name nothing runs under, --grace -5 and a bad signal are errors that signal nothing', async () => {
    const name = await run(['kill', 'abc']);
    expect(name.code).toBe(1);
    expect(name.stderr).toContain('error: no running tracked process is named "abc"');
    expect(name.stderr).toContain('nothing was signalled');
    const grace = await run(['kill', '4242', '--grace', '-5']);
    expect(grace.code).toBe(2);
    expect(grace.stderr.trim()).toBe('error: --grace must be a non-negative integer (milliseconds), got "-5"');
    const signal = await run(['kill', '4242', '--signal', 'NOPE']);
    expect(signal.code).toBe(2);
    expect(signal.stderr).toMatch(/--signal must be a signal name/);
    const none = await run(['kill']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give at least one pid or name, or --all/);
  });

  it('a pid outside 2..2^31-1 is a usage error before any state is read (2^31 would wrap to a group)', async () => {
    for (const raw of ['2147483648', '99999999999999999999', '0', '1']) {
      const r = await run(['kill', '--force-untracked', raw]);
      expect(r.code, raw).toBe(2);
      expect(r.stderr.trim(), raw).toBe(`error: pid must be an integer from 2 to 2147483647, got "${raw}"`);
      expect(r.stdout, raw).toBe('');
    }
  });

  it('--since that is neither a duration nor a date is a usage error', async () => {
    const r = await run(['logs', '--since', 'yesterdayish']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--since must be a duration/);
  });

  it('a state dir that does not exist is a usage error for every command', async () => {
    const missing = join(t.dir, 'nope');
    for (const command of [['ps'], ['status'], ['cleanup'], ['kill', '--all'], ['logs']]) {
      const r = await cli(['--state-dir', missing, ...command], { owner: t.owner });
      expect(r.code, command.join(' ')).toBe(2);
      expect(r.stderr.trim(), command.join(' ')).toBe(
        `error: state directory ${missing} (from --state-dir) does not exist`,
      );
    }
    const viaEnv = await cli(['ps'], { owner: t.owner, home: missing });
    expect(viaEnv.code).toBe(2);
    expect(viaEnv.stderr).toContain('(from LIFELINE_HOME) does not exist');
  });

  it('a state dir that is a file is a usage error; doctor reports it as a failed check (exit 3)', async () => {
    const file = join(t.dir, 'a-file');
    await writeFile(file, 'x');
    const ps = await cli(['ps', '--state-dir', file], { owner: t.owner });
    expect(ps.code).toBe(2);
    expect(ps.stderr).toContain(`state directory ${file} (from --state-dir) is not a directory`);
    const doctor = await cli(['doctor', '--json', '--state-dir', file], { owner: t.owner });
    expect(doctor.code).toBe(3);
    const report = JSON.parse(doctor.stdout) as {
      healthy: boolean;
      findings: Array<{ check: string; level: string; fix?: string }>;
    };
    expect(report.healthy).toBe(false);
    expect(report.findings.find((f) => f.check === 'state dir')).toMatchObject({
      level: 'error',
      fix: expect.any(String),
    });
  });

  it('--verbose adds the stack to an error; without it the error is one line', async () => {
    const quiet = await cli(['ps', '--state-dir', '/nonexistent-lifeline'], { owner: t.owner });
    expect(quiet.stderr.trim().split('\n')).toHaveLength(1);
    const verbose = await cli(['ps', '--verbose', '--state-dir', '/nonexistent-lifeline'], { owner: t.owner });
    expect(verbose.code).toBe(2);
    expect(verbose.stderr).toMatch(/\n\s+at /);
  });

  it('an empty state shows no processes, in text and JSON', async () => {
    const text = await run(['ps']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('No tracked processes');
    const data = await run(['ps', '--json']);
    expect(json(data)).toEqual([]);
  });
});

function json(r: { stdout: string }): unknown {
  return JSON.parse(r.stdout);
}
