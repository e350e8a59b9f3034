import pidtree from 'pidtree';
import type { Adapter, SelfInfo } from '../../adapter';
import { PlatformKillError } from '../../errors';
import { childrenMap, collectFromTable, selfFromTable, walk } from '../../table';
import type { CommandRunner, CommandRunnerSync, KillFunction, ProcessIdentity } from '../../types';
import { existsByKill, sendUnix } from '../send';
import { PS, PS_ENV, pidsArgs, tableArgs, usageArgs } from './commands';
import { parsePs, parseRssTime } from './parse-ps';

export interface DarwinDeps {
  runner: CommandRunner;
  runnerSync: CommandRunnerSync;
  kill: KillFunction;
  /** True when runner is the real execFile runner: descendants then go through pidtree. */
  realRunner: boolean;
}

/** ps exits 1 with no output when none of the pids exist: an answer, not a failure. */
function checked(result: { stdout: string; stderr: string; exitCode: number }): string {
  if (result.exitCode === 0 || (result.exitCode === 1 && result.stdout.trim() === '')) return result.stdout;
  throw new PlatformKillError('ERR_COMMAND_FAILED', `ps exited ${result.exitCode}: ${result.stderr.trim()}`);
}

/** macOS/BSD: identity and tables from ps(1), descendants via pidtree, signals via process.kill. */
export function createDarwinAdapter(deps: DarwinDeps): Adapter {
  const { runner, runnerSync, kill } = deps;
  const table = async () => parsePs(checked(await runner(PS, tableArgs(), { env: PS_ENV })));
  const tableSync = () => parsePs(checked(runnerSync(PS, tableArgs(), { env: PS_ENV })));
  const byPids = async (pids: number[]) => {
    if (pids.length === 0) return new Map<number, ProcessIdentity>();
    const rows = parsePs(checked(await runner(PS, pidsArgs(pids), { env: PS_ENV })));
    return new Map(rows.map((r) => [r.pid, r]));
  };
  let self: SelfInfo | undefined;

  return {
    capabilities: {
      platform: 'darwin',
      ownerTags: false,
      processGroups: true,
      bootId: false,
      descendantsVia: 'pidtree',
    },
    signalsWholeTree: false,
    identify: async (pid) => (await byPids([pid])).get(pid) ?? null,
    identifySync: () => {
      throw new PlatformKillError(
        'ERR_UNSUPPORTED_PLATFORM',
        'identifySync needs /proc and is available on Linux only',
      );
    },
    identifyMany: async (pids) => {
      const wanted = new Set(pids);
      return new Map((await table()).filter((p) => wanted.has(p.pid)).map((p) => [p.pid, p]));
    },
    descendants: async (pid) => {
      // pidtree runs its own `ps`, outside the injected runner; with an injected runner the same
      // walk is done here over our `ps -A` table, so sample-based tests cover this path.
      if (deps.realRunner) return (await pidtree(pid)).filter((p) => p !== pid);
      return walk(childrenMap(await table()), pid);
    },
    collect: async (query) => collectFromTable(await table(), query),
    collectSync: (query) => collectFromTable(tableSync(), query),
    findByOwnerTag: async () => {
      throw new PlatformKillError(
        'ERR_UNSUPPORTED_PLATFORM',
        "owner tags are not readable on macOS: it does not let one process read another's environment",
      );
    },
    resourceUsage: async (pid) => parseRssTime(checked(await runner(PS, usageArgs(pid), { env: PS_ENV }))),
    probeDead: async (members) => {
      // kill(0) answers "gone" for free; only the survivors need ps to spot zombies and reuse.
      const maybe = members.filter((m) => existsByKill(kill, m.pid));
      const rows = await byPids(maybe.map((m) => m.pid));
      return members.map((m) => {
        const row = rows.get(m.pid);
        return !row || row.state === 'zombie' || row.startTime !== m.startTime;
      });
    },
    probeDeadSync: (members) => {
      const alive = members.filter((m) => existsByKill(kill, m.pid));
      if (alive.length === 0) return members.map(() => true);
      const rows = new Map(
        parsePs(checked(runnerSync(PS, pidsArgs(alive.map((m) => m.pid)), { env: PS_ENV }))).map((r) => [r.pid, r]),
      );
      return members.map((m) => {
        const row = rows.get(m.pid);
        return !row || row.state === 'zombie' || row.startTime !== m.startTime;
      });
    },
    send: (to, signal) => sendUnix(kill, to, signal),
    sendSync: (to, signal) => sendUnix(kill, to, signal),
    self: () => {
      // Ancestors of a running process never change except by being reparented away, so one read is enough.
      self ??= selfFromTable(tableSync(), process.pid);
      return self;
    },
  };
}
