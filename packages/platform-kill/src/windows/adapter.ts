import type { Adapter, SelfInfo, SendResult, SendTo } from '../adapter';
import { PlatformKillError } from '../errors';
import { childrenMap, collectFromTable, selfFromTable, walk } from '../table';
import type { CommandRunner, CommandRunnerSync, KillFunction, ProcessIdentity } from '../types';
import { existsByKill } from '../unix/send';
import { identifySyncUnsupported } from '../unsupported';
import { cimScript, powershellArgs, powershellPath, taskkillArgs, taskkillPath } from './commands';
import { type CimProcess, parseCim } from './parse-cim';
import { parseTaskkill } from './parse-taskkill';

export interface WindowsDeps {
  runner: CommandRunner;
  runnerSync: CommandRunnerSync;
  kill: KillFunction;
  env: Record<string, string | undefined>;
}

/** Above this many pids a probe reads the whole table instead of a long WQL filter. */
const MAX_FILTERED = 64;

function checked(result: { stdout: string; stderr: string; exitCode: number }): string {
  if (result.exitCode === 0) return result.stdout;
  throw new PlatformKillError('ERR_COMMAND_FAILED', `powershell exited ${result.exitCode}: ${result.stderr.trim()}`);
}

function taskkillResult(raw: { stdout: string; stderr: string; exitCode: number }): SendResult {
  const answer = parseTaskkill(raw);
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

function strip(p: CimProcess): ProcessIdentity {
  const { usage: _usage, ...identity } = p;
  return identity;
}

const byPid = (rows: CimProcess[], wanted?: ReadonlySet<number>) =>
  new Map(rows.filter((p) => !wanted || wanted.has(p.pid)).map((p) => [p.pid, strip(p)]));

/**
 * Windows: CIM through PowerShell for identity, trees and the re-check before each taskkill
 * (CreationDate is the start time), taskkill for ending — one process per run, never /T.
 * Tool paths come from a drive-absolute %SystemRoot%, checked when a tool is about to run.
 */
export function createWindowsAdapter(deps: WindowsDeps): Adapter {
  const { runner, runnerSync, kill, env } = deps;
  const cim = async (pids?: number[]) =>
    parseCim(checked(await runner(powershellPath(env), powershellArgs(cimScript(pids)))));
  const cimSync = (pids?: number[]) =>
    parseCim(checked(runnerSync(powershellPath(env), powershellArgs(cimScript(pids)))));
  // kill(pid, 0) (OpenProcess underneath) answers "gone" for free; a pid still held needs CIM
  // for its CreationDate, because Windows reuses pids quickly and kill(0) cannot tell.
  const held = (pids: number[]) => pids.filter((pid) => existsByKill(kill, pid));
  const filterFor = (pids: number[]) => (pids.length > MAX_FILTERED ? undefined : pids);
  let self: SelfInfo | undefined;

  return {
    capabilities: {
      platform: 'windows',
      ownerTags: false,
      processGroups: false,
      bootId: false,
      descendantsVia: 'powershell',
    },
    identify: async (pid) => {
      const row = (await cim([pid])).find((p) => p.pid === pid);
      return row ? strip(row) : null;
    },
    identifySync: identifySyncUnsupported,
    identifyMany: async (pids) => byPid(await cim(), new Set(pids)),
    descendants: async (pid) => walk(childrenMap((await cim()).map(strip), true), pid),
    collect: async (query) => collectFromTable((await cim()).map(strip), query, true),
    collectSync: (query) => collectFromTable(cimSync().map(strip), query, true),
    findByOwnerTag: async () => {
      throw new PlatformKillError(
        'ERR_UNSUPPORTED_PLATFORM',
        "owner tags are not readable on Windows: Win32_Process does not expose another process's environment",
      );
    },
    resourceUsage: async (pid) => (await cim([pid])).find((p) => p.pid === pid)?.usage ?? null,
    probe: async (pids) => {
      const live = held(pids);
      return live.length === 0 ? new Map() : byPid(await cim(filterFor(live)), new Set(live));
    },
    probeSync: (pids) => {
      const live = held(pids);
      return live.length === 0 ? new Map() : byPid(cimSync(filterFor(live)), new Set(live));
    },
    send: async (to, _signal, phase) => {
      const pid = pidOf(to);
      return taskkillResult(await runner(taskkillPath(env), taskkillArgs(pid, phase === 'force')));
    },
    sendSync: (to, _signal, phase) => {
      const pid = pidOf(to);
      return taskkillResult(runnerSync(taskkillPath(env), taskkillArgs(pid, phase === 'force')));
    },
    self: () => {
      self ??= selfFromTable(cimSync().map(strip), process.pid);
      return self;
    },
  };
}
