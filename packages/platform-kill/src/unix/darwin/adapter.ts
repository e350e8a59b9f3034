import type { Adapter, SelfInfo } from '../../adapter';
import { PlatformKillError } from '../../errors';
import { childrenMap, collectFromTable, selfFromTable, walk } from '../../table';
import type { CommandRunner, CommandRunnerSync, KillFunction, ProcessIdentity } from '../../types';
import { identifySyncUnsupported } from '../../unsupported';
import { existsByKill, sendUnix } from '../send';
import { PS, PS_ENV, pidsArgs, tableArgs, usageArgs, userArgs } from './commands';
import { envValuePids, taggedPids } from './owner-tag';
import { parsePs, parseRssTime } from './parse-ps';

export interface DarwinDeps {
  runner: CommandRunner;
  runnerSync: CommandRunnerSync;
  kill: KillFunction;
  /** Our real user id: the owner-tag search reads this user's processes only. Default process.getuid(). */
  uid?: number;
}

type Ran = { stdout: string; stderr: string; exitCode: number };

/** ps exits 1 with no output when none of the pids exist: an answer, not a failure. */
function checked(result: Ran): string {
  if (result.exitCode === 0 || (result.exitCode === 1 && result.stdout.trim() === '')) return result.stdout;
  throw new PlatformKillError('ERR_COMMAND_FAILED', `ps exited ${result.exitCode}: ${result.stderr.trim()}`);
}

const byPid = (rows: ProcessIdentity[]) => new Map(rows.map((r) => [r.pid, r]));

/**
 * macOS/BSD: identity, tables, descendants (one walk over the `ps -A` table) and owner tags
 * (`ps -E` of our own user) from ps(1); signals via process.kill.
 */
export function createDarwinAdapter(deps: DarwinDeps): Adapter {
  const { runner, runnerSync, kill } = deps;
  const ps = async (args: string[]) => parsePs(checked(await runner(PS, args, { env: PS_ENV })));
  /** Our own user's processes twice: arguments only, then arguments plus environment (ps -E). */
  const userTables = async (): Promise<[ProcessIdentity[], ProcessIdentity[]]> => {
    const uid = deps.uid ?? process.getuid?.();
    if (uid === undefined) {
      throw new PlatformKillError('ERR_UNSUPPORTED_PLATFORM', 'owner tags need a user id to search (process.getuid)');
    }
    return Promise.all([ps(userArgs(uid, false)), ps(userArgs(uid, true))]);
  };
  const psSync = (args: string[]) => parsePs(checked(runnerSync(PS, args, { env: PS_ENV })));
  // kill(0) answers "gone" for free; only the pids still held need ps, for state and start time.
  const present = (pids: number[]) => pids.filter((pid) => existsByKill(kill, pid));
  const probe = async (pids: number[]) => {
    const held = present(pids);
    return held.length === 0 ? new Map<number, ProcessIdentity>() : byPid(await ps(pidsArgs(held)));
  };
  const probeSync = (pids: number[]) => {
    const held = present(pids);
    return held.length === 0 ? new Map<number, ProcessIdentity>() : byPid(psSync(pidsArgs(held)));
  };
  let self: SelfInfo | undefined;

  return {
    capabilities: { platform: 'darwin', ownerTags: true, processGroups: true, bootId: false, descendantsVia: 'ps' },
    identify: async (pid) => (await probe([pid])).get(pid) ?? null,
    identifySync: identifySyncUnsupported,
    identifyMany: async (pids) => {
      const wanted = new Set(pids);
      return byPid((await ps(tableArgs())).filter((p) => wanted.has(p.pid)));
    },
    descendants: async (pid) => walk(childrenMap(await ps(tableArgs())), pid),
    collect: async (query) => collectFromTable(await ps(tableArgs()), query),
    collectSync: (query) => collectFromTable(psSync(tableArgs()), query),
    findByOwnerTag: async (ownerId) => taggedPids(...(await userTables()), ownerId, process.pid),
    findByEnvValue: async (name, values, prefix) =>
      envValuePids(...(await userTables()), name, values, prefix, process.pid),
    resourceUsage: async (pid) => parseRssTime(checked(await runner(PS, usageArgs(pid), { env: PS_ENV }))),
    probe,
    probeSync,
    send: (to, signal) => sendUnix(kill, to, signal),
    sendSync: (to, signal) => sendUnix(kill, to, signal),
    self: () => {
      // Ancestors of a running process never change except by being reparented away, so one read is enough.
      self ??= selfFromTable(psSync(tableArgs()), process.pid);
      return self;
    },
  };
}
