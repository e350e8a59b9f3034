import type { SpawnOptions } from 'node:child_process';
import { PlatformKillError } from '../../errors';
import type { SpawnPlan } from '../types';
import type { Cgroup2Context } from './context';

/** Quotes a string for sh: the one place a path meets a shell. */
const shQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * `fork-window` (the default): this process writes its own pid into the unit's cgroup.procs,
 * forks the child (child_process.spawn forks synchronously, so no other code of ours runs in
 * between), and moves itself back. The child is born inside — before exec, so before its
 * program's first instruction. Cost: two cgroup migrations of this process. Caveat: a
 * worker_thread spawning at that same instant would put its child in the unit too.
 *
 * `trampoline`: the child is `/bin/sh -c 'echo $$ > …/cgroup.procs && exec "$0" "$@"'`, which
 * joins the unit and then execs the real program (same pid). Cost: an extra exec of sh. A
 * missing program shows as sh's exit 127 instead of a spawn error.
 */
export function planSpawn(
  ctx: Cgroup2Context,
  unitDir: string,
  command: string,
  args: readonly string[],
  options: SpawnOptions,
): SpawnPlan {
  const procs = `${unitDir}/cgroup.procs`;
  if (ctx.placement === 'trampoline') {
    const shArgs = ['-c', `echo $$ > ${shQuote(procs)} && exec "$0" "$@"`, command, ...args];
    return { command: '/bin/sh', args: shArgs, options, spawn: (spawn) => spawn('/bin/sh', [...shArgs], options) };
  }
  const home = `${ctx.info.ownDir}/cgroup.procs`;
  return {
    command,
    args: [...args],
    options,
    spawn(spawn) {
      move(ctx, procs, 'into the unit');
      try {
        return spawn(command, [...args], options);
      } finally {
        move(ctx, home, 'back to its own cgroup');
      }
    },
  };
}

function move(ctx: Cgroup2Context, procs: string, where: string): void {
  try {
    ctx.fs.write(procs, String(process.pid));
  } catch (cause) {
    throw new PlatformKillError(
      'ERR_CONTAINMENT_FAILED',
      `could not move this process ${where} (${procs}): ${(cause as Error).message}`,
      { cause },
    );
  }
}
