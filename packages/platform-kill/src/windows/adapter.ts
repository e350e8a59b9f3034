import type { Adapter, SelfInfo, SendResult, SendTo } from '../adapter';
import { PlatformKillError } from '../errors';
import { childrenMap, collectFromTable, selfFromTable, walk } from '../table';
import type { CommandRunner, CommandRunnerSync, KillFunction } from '../types';
import { existsByKill } from '../unix/send';
import { cimScript, powershellArgs, powershellPath, taskkillArgs, taskkillPath } from './commands';
import { parseCim } from './parse-cim';
import { parseTaskkill } from './parse-taskkill';

export interface WindowsDeps {
  runner: CommandRunner;
  runnerSync: CommandRunnerSync;
  kill: KillFunction;
  env: Record<string, string | undefined>;
}

function checked(result: { stdout: string; stderr: string; exitCode: number }): string {
  if (result.exitCode === 0) return result.stdout;
  throw new PlatformKillError('ERR_COMMAND_FAILED', `powershell exited ${result.exitCode}: ${result.stderr.trim()}`);
}

function taskkillResult(raw: { stdout: string; stderr: string; exitCode: number }, pid: number): SendResult {
  const answer = parseTaskkill(raw, pid);
  if (answer.kind === 'ok') return { ok: true };
  if (answer.kind === 'not-found') return { ok: false, gone: true };
  return { ok: false, error: { code: 'ERR_COMMAND_FAILED', message: answer.message } };
}

function pidOf(to: SendTo): number {
  if ('pgid' in to) {
    throw new PlatformKillError('ERR_UNSUPPORTED_PLATFORM', 'Windows has no process groups; end a tree by pid instead');
  }
  if (!Number.isSafeInteger(to.pid) || to.pid <= 4) {
    // 0 is the idle process and 4 the kernel ("System"): never targets.
    throw new PlatformKillError('ERR_PROTECTED_PID', `refusing to signal pid ${to.pid}`);
  }
  return to.pid;
}

/** Windows: CIM through PowerShell for identity and trees, taskkill for ending, kill(pid, 0) for liveness. */
export function createWindowsAdapter(deps: WindowsDeps): Adapter {
  const { runner, runnerSync, kill, env } = deps;
  const ps = powershellPath(env);
  const table = async () => parseCim(checked(await runner(ps, powershellArgs(cimScript()))));
  const tableSync = () => parseCim(checked(runnerSync(ps, powershellArgs(cimScript()))));
  const one = async (pid: number) => parseCim(checked(await runner(ps, powershellArgs(cimScript(pid)))))[0] ?? null;
  let self: SelfInfo | undefined;
  const strip = <T extends { usage?: unknown }>(p: T) => {
    const { usage: _usage, ...identity } = p;
    return identity;
  };

  return {
    capabilities: {
      platform: 'windows',
      ownerTags: false,
      processGroups: false,
      bootId: false,
      descendantsVia: 'powershell',
    },
    signalsWholeTree: true,
    identify: async (pid) => {
      const row = await one(pid);
      return row ? strip(row) : null;
    },
    identifySync: () => {
      throw new PlatformKillError(
        'ERR_UNSUPPORTED_PLATFORM',
        'identifySync needs /proc and is available on Linux only',
      );
    },
    identifyMany: async (pids) => {
      const wanted = new Set(pids);
      return new Map((await table()).filter((p) => wanted.has(p.pid)).map((p) => [p.pid, strip(p)]));
    },
    descendants: async (pid) => walk(childrenMap((await table()).map(strip), true), pid),
    collect: async (query) => collectFromTable((await table()).map(strip), query, true),
    collectSync: (query) => collectFromTable(tableSync().map(strip), query, true),
    findByOwnerTag: async () => {
      throw new PlatformKillError(
        'ERR_UNSUPPORTED_PLATFORM',
        "owner tags are not readable on Windows: Win32_Process does not expose another process's environment",
      );
    },
    resourceUsage: async (pid) => (await one(pid))?.usage ?? null,
    // No zombies on Windows; kill(pid, 0) (OpenProcess underneath) tells whether the pid exists.
    probeDead: (members) => members.map((m) => !existsByKill(kill, m.pid)),
    probeDeadSync: (members) => members.map((m) => !existsByKill(kill, m.pid)),
    send: async (to, _signal, phase) => {
      const pid = pidOf(to);
      return taskkillResult(await runner(taskkillPath(env), taskkillArgs(pid, phase === 'force')), pid);
    },
    sendSync: (to, _signal, phase) => {
      const pid = pidOf(to);
      return taskkillResult(runnerSync(taskkillPath(env), taskkillArgs(pid, phase === 'force')), pid);
    },
    self: () => {
      self ??= selfFromTable(tableSync().map(strip), process.pid);
      return self;
    },
  };
}
