import { basename } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import type { Context, Entry } from './context';
import { childEnv } from './env';
import { CoreError } from './errors';
import { killEntry } from './kill';
import { trackExit, trackRegistration } from './lifecycle';
import { prepareStdio } from './stdio';
import type { ManagedProcess, ProcessInfo, SpawnOptions } from './types';
import { checkKillOptions } from './validate';

export interface LaunchSpec {
  command: string;
  args: string[];
  options: SpawnOptions;
  scriptPath: string;
  name: string;
  watchParent: boolean;
}

const useGroups = process.platform !== 'win32';

/**
 * Start a child in its own process group and put it in the in-memory registry before
 * returning. Its identity is read on the 'spawn' event (libuv reports 'spawn' only after the
 * exec succeeded, so /proc already shows the new program), then the record is made durable.
 */
export function launch(ctx: Context, spec: LaunchSpec): ManagedProcess {
  if (ctx.isShuttingDown())
    throw new CoreError('ERR_SHUTTING_DOWN', `cannot spawn ${spec.command}: the manager is shutting down`);
  const io = prepareStdio(spec.options, spec.watchParent);
  let subprocess: ResultPromise;
  try {
    subprocess = execa(spec.command, spec.args, {
      cwd: spec.options.cwd,
      env: childEnv(spec.options.env, ctx.ownerId, spec.watchParent),
      extendEnv: false,
      stdio: io.stdio as never,
      detached: useGroups, // each child leads its own group, so its whole group can be ended
      cleanup: false, // we end children ourselves, with a grace period and identity checks
      reject: false,
      buffer: spec.options.buffer ?? false,
      windowsHide: true,
    }) as ResultPromise;
  } catch (error) {
    throw new CoreError('ERR_SPAWN_FAILED', `cannot spawn ${spec.command}: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    io.close(); // the child has its own copies of the capture files now
  }
  const pid = subprocess.pid;
  const info: ProcessInfo = {
    pid: pid ?? 0,
    pgid: pid !== undefined && useGroups ? pid : null,
    scriptPath: spec.scriptPath,
    name: spec.name || basename(spec.scriptPath),
    command: [spec.command, ...spec.args].join(' '),
    startedAt: new Date(),
    identity: null,
    ownerId: ctx.ownerId,
  };
  if (pid === undefined) return failedHandle(spec, info, subprocess);

  const entry = { info, subprocess, exit: null, killing: null } as unknown as Entry;
  ctx.entries.set(pid, entry);
  ctx.emit('spawned', { pid, pgid: info.pgid, command: info.command, scriptPath: info.scriptPath });
  const ready = trackRegistration(ctx, entry);
  trackExit(ctx, entry);
  return {
    pid,
    get pgid() {
      return info.pgid;
    },
    info,
    subprocess,
    ready,
    wait: () => entry.done,
    kill: async (options) => killEntry(ctx, entry, checkKillOptions(options)), // bad options reject, never throw
  };
}

/** execa reports a missing executable or EACCES with no pid: nothing was registered, ready rejects. */
function failedHandle(spec: LaunchSpec, info: ProcessInfo, subprocess: ResultPromise): ManagedProcess {
  const failure = subprocess.then((result) => {
    const code = (result as { code?: string }).code;
    const detail = (result as { originalMessage?: string }).originalMessage || (result as { message?: string }).message;
    throw new CoreError('ERR_SPAWN_FAILED', `cannot spawn ${spec.command}${code ? ` (${code})` : ''}: ${detail}`, {
      cause: result,
    });
  });
  failure.catch(() => undefined); // callers may never look at ready; that is not an unhandled rejection
  return {
    pid: 0,
    pgid: null,
    info,
    subprocess,
    ready: failure,
    wait: () => failure,
    kill: () => failure,
  };
}
