import { type ChildProcess, spawn } from 'node:child_process';
import { basename, resolve } from 'node:path';
import type { ContainmentUnit } from '@lifeline/platform-kill';
import { Child, type ChildHost } from '../child/child';
import type { Children } from '../child/children';
import { handleOf } from '../child/handle';
import { CoreError } from '../errors';
import type { ManagedProcess, ProcessInfo, SpawnOptions } from '../types';
import { childEnv } from './env';
import { collectOutput, drainUnread } from './output';
import { prepareStdio } from './stdio';

export interface LaunchSpec {
  command: string;
  args: string[];
  options: SpawnOptions;
  scriptPath: string;
  name: string;
  watchParent: boolean;
}

const useGroups = process.platform !== 'win32';
/** Per-process child keys: unique within an instance, which is all a trail needs (the prefix is per instance). */
let nextChildKey = 0;

/**
 * Start a child in its own process group and put it in the in-memory registry before
 * returning. Its identity is read on the 'spawn' event (libuv reports 'spawn' only after the
 * exec succeeded, so /proc already shows the new program), then the record is made durable
 * (child/child.ts). node:child_process directly: execa cost 1.5–1.75× a bare spawn (BENCHMARKS.md).
 */
export function launch(host: ChildHost, children: Children, spec: LaunchSpec): ManagedProcess {
  if (!host.accepting())
    throw new CoreError('ERR_SHUTTING_DOWN', `cannot spawn ${spec.command}: the manager is shutting down`);
  const io = prepareStdio(spec.options, spec.watchParent);
  const unit = takeUnit(host);
  const tag = `${host.tag}${(nextChildKey++).toString(36)}`;
  let child: ChildProcess;
  try {
    const options = {
      cwd: spec.options.cwd,
      env: childEnv(spec.options.env, host.ownerId, spec.watchParent, tag),
      stdio: io.stdio as never,
      detached: useGroups, // each child leads its own group, so its whole group can be ended
      windowsHide: true,
    };
    // Contained: the child is born inside its unit, before its program's first instruction.
    child = unit ? unit.plan(spec.command, spec.args, options).spawn(spawn) : spawn(spec.command, spec.args, options);
  } catch (error) {
    void unit?.remove();
    throw new CoreError('ERR_SPAWN_FAILED', `cannot spawn ${spec.command}: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    io.close(); // the child has its own copies of the capture files now
  }
  const pid = child.pid;
  const info: ProcessInfo = {
    pid: pid ?? 0,
    pgid: pid !== undefined && useGroups ? pid : null,
    scriptPath: spec.scriptPath,
    name: spec.name || basename(spec.scriptPath),
    command: [spec.command, ...spec.args].join(' '),
    startedAt: new Date(),
    identity: null,
    ownerId: host.ownerId,
    cgroup: unit?.cgroup ?? null,
    ...outputOf(spec.options),
  };
  if (pid === undefined) {
    void unit?.remove();
    return failedHandle(spec, info, child);
  }
  unit?.attach(pid);

  // An 'error' after a successful spawn (a failed child.kill()) must not crash the owner.
  child.on('error', (error) => host.emit('error', { error, context: `child ${pid}` }));
  const managed = new Child(host, child, info, {
    output: spec.options.buffer ? collectOutput(child) : undefined,
    containment: unit ?? undefined,
    tag,
  });
  children.add(managed);
  host.emit('spawned', {
    pid,
    pgid: info.pgid,
    command: info.command,
    scriptPath: info.scriptPath,
    name: info.name,
    ...(info.output ? { output: info.output } : {}),
  });
  if (!spec.options.buffer) drainUnread(child, managed.ready);
  return handleOf(managed, child);
}

/** `{ output }` naming the capture files (absolute, as the child's open resolved them), or nothing. */
function outputOf(options: SpawnOptions): Pick<ProcessInfo, 'output'> {
  const { stdoutFile, stderrFile } = options;
  if (!stdoutFile && !stderrFile) return {};
  return {
    output: {
      ...(stdoutFile ? { stdout: resolve(stdoutFile) } : {}),
      ...(stderrFile ? { stderr: resolve(stderrFile) } : {}),
    },
  };
}

/** The child's containment unit, or null (not contained, or a unit could not be made: then said, and spawned as before). */
function takeUnit(host: ChildHost): ContainmentUnit | null {
  try {
    return host.units.take();
  } catch (error) {
    host.emit('error', { error: error as Error, context: 'containment: no unit for this child, spawned uncontained' });
    return null;
  }
}

/**
 * A missing executable or EACCES: node gives no pid and emits 'error' on the next tick. Nothing
 * was registered; ready, wait() and kill() reject with ERR_SPAWN_FAILED (cause: the errno error).
 */
function failedHandle(spec: LaunchSpec, info: ProcessInfo, child: ChildProcess): ManagedProcess {
  const failure = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ? ` (${error.code})` : '';
      reject(
        new CoreError('ERR_SPAWN_FAILED', `cannot spawn ${spec.command}${code}: ${error.message}`, { cause: error }),
      );
    });
  });
  failure.catch(() => undefined); // callers may never look at ready; that is not an unhandled rejection
  return { pid: 0, pgid: null, info, child, ready: failure, wait: () => failure, kill: () => failure };
}
