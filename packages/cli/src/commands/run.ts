import { constants } from 'node:os';
import { basename } from 'node:path';
import type { ExitResult, ManagedProcess } from '@lifeline/core';
import type { Context } from '../context.js';
import { isLifelineError } from '../errors.js';
import { openManager } from '../manager.js';
import { sanitize } from '../output/sanitize.js';
import type { Handler, RunFlags } from '../program.js';
import { prepareStateDir } from '../state/prepare.js';
import { resolveState } from '../state/resolve.js';

/** Signals that mean "stop": forwarded to the child's group, then its tree is ended after --grace. */
const INTERRUPTS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** Signals passed on to the child as they are. */
const PASS_ON = ['SIGUSR1', 'SIGUSR2'] as const;

/** Exit code when the command could not be started at all (as shells do for "command not found"). */
const NOT_STARTED = 127;

/**
 * `lifeline run [--name n] -- cmd args…`: one tracked child in the foreground through core's
 * manager (guardian on unless --no-guardian), stdio inherited; lifeline exits with its code.
 */
export function runCommand(command: string, args: string[], flags: RunFlags): Handler {
  return async (ctx) => {
    const state = await resolveState(ctx, { mayCreate: true });
    await prepareStateDir(state.layout);
    const manager = await openManager(state.layout, {
      ownerId: flags.owner,
      name: flags.name ? `lifeline run (${flags.name})` : 'lifeline run',
      guardian: flags.guardian,
      graceMs: flags.grace,
      pidFile: false, // never replace a running launcher's PID file; owners/<id>.json names this instance
      handleErrors: true, // a crash of the command ends its child first
    });
    let child: ManagedProcess | undefined;
    const stop = installSignals(ctx, () => child, flags.grace);
    try {
      await manager.start();
      child = manager.spawn(command, args, {
        stdio: 'inherit',
        name: flags.name,
        env: ctx.io.env,
        ...(flags.log ? await outputFiles(ctx, manager.layout.logsDir, flags.name ?? basename(command)) : {}),
      });
      try {
        await child.ready;
      } catch (error) {
        ctx.err(`${ctx.errColors.red('error:')} cannot run ${JSON.stringify(command)}: ${reason(error)}`);
        return NOT_STARTED;
      }
      stop.replay();
      return exitCodeOf(await child.wait());
    } catch (error) {
      if (isLifelineError(error) && error.code === 'ERR_SPAWN_FAILED') {
        ctx.err(`${ctx.errColors.red('error:')} cannot run ${JSON.stringify(command)}: ${reason(error)}`);
        return NOT_STARTED;
      }
      throw error;
    } finally {
      stop.remove();
      await manager.shutdown({ graceMs: flags.grace }).catch((error: unknown) => {
        ctx.err(`${ctx.errColors.yellow('warning:')} shutdown: ${reason(error)}`);
      });
    }
  };
}

/**
 * --log: stdout and stderr to a new file core makes in logs/runs (createOutputFile); the child's
 * record names it (output), which is where `lifeline logs NAME|PID` looks. Said once on stderr.
 */
async function outputFiles(ctx: Context, logsDir: string, name: string) {
  const { createOutputFile } = await import('@lifeline/core');
  const file = createOutputFile(logsDir, name);
  ctx.err(ctx.errColors.dim(sanitize(`output of ${name} goes to ${file} (lifeline logs ${name} -f)`)));
  return { stdoutFile: file, stderrFile: file };
}

/** 128 + n for a signal, like a shell reports it. */
export function exitCodeOf(result: ExitResult): number {
  if (result.exitCode !== null) return result.exitCode;
  const number = result.signal ? constants.signals[result.signal] : undefined;
  return number === undefined ? 1 : 128 + number;
}

function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: string } })?.cause;
  if (cause?.code === 'ENOENT') return 'command not found';
  if (cause?.code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/**
 * First interrupt: the same signal goes to the child's group, and its tree is killed if it has
 * not exited after `graceMs`. Second interrupt: killed at once. A signal that arrives before the
 * child exists is remembered and replayed once it does.
 */
function installSignals(ctx: Context, current: () => ManagedProcess | undefined, graceMs: number) {
  let count = 0;
  let pending: NodeJS.Signals | undefined;
  const deliver = (signal: NodeJS.Signals) => {
    const child = current();
    if (!child) {
      pending ??= signal;
      return;
    }
    const options = count <= 1 ? { signal, graceMs } : { signal: 'SIGKILL' as NodeJS.Signals, graceMs: 0 };
    child
      .kill(options)
      .catch((error: unknown) => ctx.err(`${ctx.errColors.red('error:')} ending the command: ${reason(error)}`));
  };
  const onInterrupt = (signal: NodeJS.Signals) => {
    count++;
    deliver(signal);
  };
  const onPassOn = (signal: NodeJS.Signals) => {
    current()?.child.kill(signal);
  };
  for (const s of INTERRUPTS) process.on(s, onInterrupt);
  for (const s of PASS_ON) process.on(s, onPassOn);
  return {
    replay() {
      if (pending) deliver(pending);
      pending = undefined;
    },
    remove() {
      for (const s of INTERRUPTS) process.off(s, onInterrupt);
      for (const s of PASS_ON) process.off(s, onPassOn);
    },
  };
}
