import { describe, expect, it } from 'vitest';
import { PlatformKillError } from './errors';
import { createPlatform } from './platform';
import { readStat } from './unix/linux/proc';

/** A platform whose kill throws for any real signal: the guards must stop everything before it. */
function guarded() {
  const sent: Array<[number, unknown]> = [];
  const platform = createPlatform({
    kill: (pid, signal) => {
      if (signal === 0) return void process.kill(pid, 0);
      sent.push([pid, signal]);
      throw new Error(`guard test must never signal, got kill(${pid}, ${signal})`);
    },
  });
  return { platform, sent };
}

const code = (c: string) => (e: unknown) => PlatformKillError.isInstance(e) && e.code === c;

describe('guards', () => {
  it.each([0, -1, 1.5, Number.NaN, '12', null, undefined, 2 ** 60])(
    'rejects %j as a pid with ERR_INVALID_PID',
    async (bad) => {
      const { platform, sent } = guarded();
      await expect(platform.terminate(bad as number)).rejects.toSatisfy(code('ERR_INVALID_PID'));
      await expect(platform.terminate({ pid: bad as number })).rejects.toSatisfy(code('ERR_INVALID_PID'));
      await expect(platform.identify(bad as number)).rejects.toSatisfy(code('ERR_INVALID_PID'));
      await expect(platform.descendants(bad as number)).rejects.toSatisfy(code('ERR_INVALID_PID'));
      await expect(platform.liveness(bad as number)).rejects.toSatisfy(code('ERR_INVALID_PID'));
      expect(platform.checkSignalable(bad as number)).toMatch(/not a positive integer pid/);
      expect(sent).toEqual([]);
    },
  );

  it('refuses pid 1, our own pid, our own group, its leader and our parent, and signals nothing', async () => {
    const { platform, sent } = guarded();
    const ownPgid = readStat(process.pid)?.pgrp as number;
    const targets = [
      { pid: 1 },
      { pid: process.pid },
      { pid: process.ppid },
      { pgid: ownPgid },
      { pgid: 1 },
      { pid: ownPgid },
    ];
    const reports = await platform.terminateAll(targets, { graceMs: 0 });
    expect(reports.map((r) => r.processes.map((p) => p.outcome))).toEqual(targets.map(() => ['refused']));
    expect(reports[1]?.processes[0]?.reason).toBe('it is this process');
    expect(reports[3]?.processes[0]?.reason).toBe("it is this process's own process group");
    expect(sent).toEqual([]);
    expect(platform.checkSignalable(process.ppid)).not.toBeNull();
  });
});
