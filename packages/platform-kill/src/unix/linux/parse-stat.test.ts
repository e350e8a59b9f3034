import { spawn } from 'node:child_process';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { expectNoSurvivors, makeStateDir, newOwnerId, OWNER_ENV, waitFor } from '@lifeline/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { PlatformKillError } from '../../errors';
import { linuxState, parseStat } from './parse-stat';
import { listPids, readStat, readText } from './proc';

// A real line from this machine's /proc/self/stat (cat), comm replaced where the test says so.
const line = (comm: string) =>
  `7853 (${comm}) S 7843 7843 4880 0 -1 4194304 98 0 0 0 3 4 0 0 20 0 1 0 55683 3133440 413 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0`;

describe('parseStat', () => {
  it('reads pid, state, ppid, group, session, cpu ticks and start time (field 22)', () => {
    expect(parseStat(line('cat'))).toEqual({
      pid: 7853,
      comm: 'cat',
      state: 'sleeping',
      ppid: 7843,
      pgrp: 7843,
      session: 4880,
      utime: 3,
      stime: 4,
      startTime: '55683',
    });
  });

  it.each(['a) b (c', 'x) S 1 2 3', ') )', 'with space', '(('])(
    'keeps a comm of %j intact and the fields after it right',
    (comm) => {
      const stat = parseStat(line(comm));
      expect(stat.comm).toBe(comm);
      expect(stat.ppid).toBe(7843);
      expect(stat.startTime).toBe('55683');
    },
  );

  it('maps zombie and unknown states', () => {
    expect(parseStat(line('z').replace(') S ', ') Z ')).state).toBe('zombie');
    expect(parseStat(line('w').replace(') S ', ') W ')).state).toBe('unknown');
  });

  it('throws a typed parse error for a truncated line', () => {
    expect(() => parseStat('12 (x) S 1')).toThrow(PlatformKillError);
    expect(() => parseStat('garbage')).toThrow(/unexpected \/proc stat line/);
  });
});

describe('parseStat agrees with splitting the line', () => {
  /** The whole-line split it replaced: every field after the last ')' (a reference, not the code under test). */
  const bySplit = (text: string) => {
    const rest = text
      .slice(text.lastIndexOf(')') + 2)
      .trim()
      .split(' ');
    const f = (n: number) => rest[n - 3] as string;
    return {
      state: f(3),
      ppid: Number(f(4)),
      pgrp: Number(f(5)),
      session: Number(f(6)),
      utime: Number(f(14)),
      stime: Number(f(15)),
      startTime: f(22),
    };
  };

  it('for every process on this machine and for odd lines', () => {
    const lines = listPids()
      .map((pid) => readText(`/proc/${pid}/stat`))
      .filter((text): text is string => text !== null);
    expect(lines.length).toBeGreaterThan(5);
    lines.push(
      `${line('x')}\n`,
      line('a) b (c').replace(' 7843 7843 ', ' -1 7843 '),
      line('y').replace(' 3 4 ', ' 12x 4 '),
    );
    for (const text of lines) {
      const parsed = parseStat(text);
      const expected = bySplit(text);
      expect({ ...parsed, state: expected.state }, text).toMatchObject(expected);
      expect(parsed.state).toBe(linuxState(expected.state));
    }
  });
});

describe('parseStat on a real process named "a) b (c"', () => {
  const owner = newOwnerId('pk-comm');
  afterEach(() => expectNoSurvivors(owner));

  it('reads the comm and fields of a live process whose name holds spaces and parentheses', async () => {
    const dir = await makeStateDir();
    // comm is the basename of the executed file, so a symlink gives the process that name.
    const exe = join(dir.dir, 'a) b (c');
    await symlink('/bin/sleep', exe);
    const child = spawn(exe, ['100000'], {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, [OWNER_ENV]: owner },
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const pid = child.pid as number;
    try {
      const stat = await waitFor(() => (readStat(pid)?.comm === 'a) b (c' ? readStat(pid) : undefined) ?? undefined, {
        message: 'renamed sleeper',
      });
      expect(stat.ppid).toBe(process.pid);
      expect(stat.pgrp).toBe(pid);
      expect(['running', 'sleeping']).toContain(stat.state);
      expect(Number(stat.startTime)).toBeGreaterThan(0);
    } finally {
      child.kill('SIGKILL');
      await exited;
      await dir.cleanup();
    }
  });
});
