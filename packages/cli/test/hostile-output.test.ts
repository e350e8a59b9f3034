import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OwnerInfo, ProcessRecord } from '@lifeline/persistence';
import { resolveLayout } from '@lifeline/persistence/layout';
import { beforeEach, describe, expect, it } from 'vitest';
import { useCliFrame } from './frame.js';
import { type CliResult, cli, json } from './helpers.js';

/**
 * A registry, owner file, log and quarantined file name written by someone hostile: every
 * command that prints them must make control characters visible instead of sending them to
 * the terminal, with colour off and on, while --json keeps the values exact.
 */
const EVIL_PATH = '\u001b[2J\u001b[5mevil\nFORGED  1  running';
const EVIL_COMMAND = '\u001b]0;pwned\u0007node \u009b31mx\u007f \u202eexe.ts';
const EVIL_NAME = '\u001b[5mblink\r';
const GONE_PID = 2 ** 31 - 2; // above any pid_max: never a process, so nothing is ever signalled
const DEAD_OWNER_PID = 2 ** 31 - 3;

/** Any control character but a newline (C0, DEL, C1) or a bidi override. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: our colour codes, to strip them
const SGR = /\u001b\[[0-9;]*m/g;

describe('untrusted state in human output', () => {
  const t = useCliFrame();
  beforeEach(async () => {
    const layout = resolveLayout({ stateDir: t.dir });
    const ownerRecord = { id: 'hostile-owner-1', pid: DEAD_OWNER_PID, start_time: '1', boot_id: null };
    const record: ProcessRecord = {
      pid: GONE_PID,
      script_path: EVIL_PATH,
      command: EVIL_COMMAND,
      name: EVIL_NAME,
      started_at: new Date().toISOString(),
      start_time: '1',
      owner: ownerRecord,
    };
    await writeFile(layout.registryFile, JSON.stringify([record]));
    const info: OwnerInfo = { ...ownerRecord, name: EVIL_NAME, started_at: new Date().toISOString() };
    await mkdir(layout.ownersDir, { recursive: true });
    await writeFile(join(layout.ownersDir, `${info.id}.json`), JSON.stringify(info));
    await mkdir(layout.logsDir, { recursive: true });
    const entry = {
      level: 30,
      time: Date.now(),
      event: 'spawned',
      pid: GONE_PID,
      scriptPath: EVIL_PATH,
      cmd: EVIL_COMMAND,
    };
    await writeFile(layout.logFile, `${JSON.stringify(entry)}\nnot json \u001b[2J\u001b]0;pwned\u0007\n`);
    await writeFile(join(t.dir, 'active-pids.json.corrupt-\u001b[2J'), 'x');
  });

  const commands = [
    ['ps', '--wide'],
    ['ps'],
    ['ps', '--tree'],
    ['status'],
    ['doctor'],
    ['cleanup', '--dry-run'],
    ['logs'],
    ['logs', '--events'],
    ['kill', String(GONE_PID), '--grace', '0'],
  ];
  const runAll = async (env: NodeJS.ProcessEnv) => {
    const results: Array<[string, CliResult]> = [];
    // In order: kill comes last, it may drop the gone record.
    for (const args of commands) results.push([args.join(' '), await cli(args, { home: t.dir, owner: t.owner, env })]);
    return results;
  };

  it('with NO_COLOR: no control character reaches stdout or stderr, and the fields are shown escaped', async () => {
    const results = await runAll({ NO_COLOR: '1' });
    for (const [what, r] of results) {
      expect(r.code, `${what}: ${r.stderr}`).not.toBeNull();
      expect(r.stdout, what).not.toMatch(RAW);
      expect(r.stderr, what).not.toMatch(RAW);
    }
    const ps = results[0]?.[1] as CliResult;
    expect(ps.code).toBe(0);
    // One header and one row: the newline in the script path did not forge a second row.
    expect(ps.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(ps.stdout).toContain('\\x1b]0;pwned\\x07node \\x9b31mx\\x7f \\u202eexe.ts'); // --wide: the full command
    const text = results.map(([, r]) => r.stdout + r.stderr).join('\n');
    expect(text).toContain('\\x1b]0;pwned\\x07node \\x9b31mx\\x7f \\u202eexe.ts'); // logs, in full
    expect(text).toContain('\\x1b[5mblink\\r'); // the owner's name (status) and the record's name (cleanup)
    expect(text).toContain('\\x1b[2J\\x1b[5mevil\\nFORGED'); // the log entry and the record
    expect(text).toContain('active-pids.json.corrupt-\\x1b[2J'); // doctor's quarantine finding
  });

  it('with colour forced on: only our own SGR colour codes are raw; the hostile ones are escaped', async () => {
    const results = await runAll({ NO_COLOR: '', FORCE_COLOR: '1' });
    for (const [what, r] of results) {
      for (const out of [r.stdout, r.stderr]) {
        expect(out, what).not.toContain('\u001b[5m'); // blink: never one of ours
        expect(out.replace(SGR, ''), what).not.toMatch(RAW);
      }
    }
    expect(results[0]?.[1].stdout).toMatch(SGR); // colour really was on
    expect(results[0]?.[1].stdout).toContain('\\x1b]0;pwned\\x07');
  });

  it('--json keeps every value exact (escaped as JSON), with no raw control character', async () => {
    const ps = await cli(['ps', '--json'], { home: t.dir, owner: t.owner });
    expect(ps.stdout).not.toMatch(RAW);
    const rows = json<Array<{ pid: number; scriptPath: string; command: string; name: string }>>(ps);
    expect(rows).toEqual([
      expect.objectContaining({ pid: GONE_PID, scriptPath: EVIL_PATH, command: EVIL_COMMAND, name: EVIL_NAME }),
    ]);
    const logs = await cli(['logs', '--events', '--json'], { home: t.dir, owner: t.owner });
    expect(logs.stdout).not.toMatch(RAW);
    const [first, second] = logs.stdout.trimEnd().split('\n');
    expect(JSON.parse(first as string).scriptPath).toBe(EVIL_PATH);
    expect(second).toBe('not json \\x1b[2J\\x1b]0;pwned\\x07');
  });
});
