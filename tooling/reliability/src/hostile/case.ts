import { writeFile } from 'node:fs/promises';
import type { OwnerRecord, ProcessRecord } from '@lifeline/persistence';
import type { ProcessIdentity } from '@lifeline/platform-kill';
import type { CliResult } from '../cli-run';
import type { Protected } from '../protect';

/** Everything a hostile case may point at: its own temp dirs and the protected processes. */
export interface CaseCtx {
  stateDir: string;
  registryFile: string;
  pidFile: string;
  /** Another temp dir for symlink targets and the like. */
  scratch: string;
  /** HOME / XDG dirs of the CLI: the default state dir resolves in here, never a real home. */
  home: string;
  prot: Protected;
  ids: { runner: ProcessIdentity; parent: ProcessIdentity | null; sentinel: ProcessIdentity };
  /** An owner that is certainly dead: the runner's pid with a start time it does not have. */
  deadOwner: OwnerRecord;
  /** The owner id the CLI runs under (anything `lifeline run` starts carries it). */
  cliOwner: string;
}

/**
 * What must become of a hostile file: moved aside by a command that repairs state, or left
 * byte-for-byte in place (and reported) by a read-only command (`ps`, `status`, `doctor`,
 * `cleanup --dry-run` change no file).
 */
export type Expectation = 'quarantined' | 'kept or quarantined' | 'untouched and reported';

export interface HostileCase {
  area: 'registry file' | 'PID file' | 'CLI arguments' | 'environment';
  name: string;
  setup?(ctx: CaseCtx): Promise<void>;
  /** Which program faces the input: the built CLI (default) or core's manager.start() in the runner. */
  via?: 'cli' | 'core start()';
  args?(ctx: CaseCtx): string[];
  /** Prepend `--state-dir <temp>` (default true). */
  stateDirFlag?: boolean;
  env?(ctx: CaseCtx): Record<string, string>;
  /** sh lines run before exec'ing the CLI; `$$` there is the CLI's own pid. */
  prelude?(ctx: CaseCtx): string;
  singleInstance?: boolean;
  /** The hostile file whose bytes must survive, and how. */
  bad?: { file: 'registry' | 'pid file'; expect: Expectation };
  /** Extra check; returns why it failed, or null. */
  check?(ctx: CaseCtx, result: CliResult): Promise<string | null> | string | null;
}

export const iso = (ms = Date.now()) => new Date(ms).toISOString();

export const rec = (pid: unknown, extra: Record<string, unknown> = {}) => ({
  pid,
  script_path: 'node',
  started_at: iso(),
  ...extra,
});

/** A record with a process's true identity, under an owner that is dead: cleanup would end it. */
export const trueRecord = (
  id: ProcessIdentity,
  owner: OwnerRecord,
  extra: Partial<ProcessRecord> = {},
): ProcessRecord => ({
  pid: id.pid,
  script_path: id.argv?.[1] ?? id.command,
  started_at: iso(),
  pgid: id.pgid,
  start_time: id.startTime,
  boot_id: id.bootId,
  command: id.command,
  owner,
  ...extra,
});

export const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
export const writeRegistry = (ctx: CaseCtx, data: string | Buffer) => writeFile(ctx.registryFile, data);
export const writePidFile = (ctx: CaseCtx, data: string | Buffer) => writeFile(ctx.pidFile, data);

/** sh: write a registry naming the CLI itself ($$ becomes the CLI's pid after exec). */
export function selfRecordPrelude(ctx: CaseCtx, legacy: boolean): string {
  const owner = `{"id":"ghost-owner","pid":${ctx.deadOwner.pid},"start_time":"1"}`;
  const format = legacy
    ? '[{"pid":%s,"script_path":"bin.js","started_at":"%s"}]\\n'
    : `[{"pid":%s,"script_path":"bin.js","started_at":"%s","pgid":%s,"start_time":"%s","boot_id":"%s","command":"node bin.js","owner":${owner}}]\\n`;
  const args = legacy ? '$$ "$now"' : '$$ "$now" $$ "$st" "$b"';
  return [
    'st=$(cut -d" " -f22 /proc/$$/stat)',
    'b=$(cat /proc/sys/kernel/random/boot_id)',
    'now=$(date -u +%Y-%m-%dT%H:%M:%S.000Z)',
    `printf '${format}' ${args} > '${ctx.registryFile}'`,
  ].join('\n');
}
