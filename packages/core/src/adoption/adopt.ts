import type { ChildProcess } from 'node:child_process';
import { basename } from 'node:path';
import type { ProcessIdentity } from '@lifeline/platform-kill';
import { Child, type ChildHost } from '../child/child';
import type { Children } from '../child/children';
import { handleOf } from '../child/handle';
import { type ChildSource, fromChildProcess } from '../child/source';
import { CoreError, describe } from '../errors';
import { expectedOfIdentity } from '../identity';
import type { AdoptedProcess, AdoptOptions, ProcessInfo } from '../types';
import { DEFAULT_POLL_MS, pollExit } from './poll-exit';
import { checkClaim, verifyAdoptable } from './verify';

/** A node ChildProcess, an execa subprocess included (execa returns node's ChildProcess with promise methods). */
function isHandle(target: unknown): target is ChildProcess {
  return (
    typeof target === 'object' &&
    target !== null &&
    typeof (target as ChildProcess).once === 'function' &&
    'exitCode' in target &&
    'spawnargs' in target
  );
}

function checkOptions(options: unknown): AdoptOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new CoreError('ERR_INVALID_ARGUMENT', `adopt options must be an object, got ${describe(options)}`);
  const o = options as AdoptOptions;
  for (const key of ['scriptPath', 'name'] as const)
    if (o[key] !== undefined && (typeof o[key] !== 'string' || o[key] === ''))
      throw new CoreError('ERR_INVALID_ARGUMENT', `${key} must be a non-empty string, got ${describe(o[key])}`);
  if (o.pollMs !== undefined && (!Number.isInteger(o.pollMs) || o.pollMs < 1))
    throw new CoreError('ERR_INVALID_ARGUMENT', `pollMs must be a positive integer, got ${describe(o.pollMs)}`);
  checkClaim(o);
  return o;
}

/** A bare pid as a source: started already, its exit seen by polling its pinned identity. */
function polled(identity: ProcessIdentity, pollMs: number): ChildSource {
  const poll = pollExit(expectedOfIdentity(identity), pollMs);
  return { process: null, started: Promise.resolve(), exited: poll.exited, identity, recheck: poll.check };
}

/**
 * Take on a process spawned elsewhere: verify it (adoption/verify.ts; refused → nothing
 * recorded, nothing signalled), then hand it to a Child exactly like one of our spawns — in the
 * in-memory set, its record durable (resolves then), told to the guardian, ended as a tree,
 * unregistered once it and what is left of its group are gone. A ChildProcess is followed by
 * node's 'exit'; a bare pid, which we cannot wait for, by polling its pinned identity.
 */
export async function adopt(
  host: ChildHost,
  children: Children,
  target: number | ChildProcess,
  rawOptions: AdoptOptions | undefined,
  guardianPid: number | null,
): Promise<AdoptedProcess> {
  const options = checkOptions(rawOptions ?? {});
  const handle = isHandle(target) ? target : null;
  if (!handle && typeof target !== 'number')
    throw new CoreError('ERR_INVALID_ARGUMENT', `adopt takes a pid or a ChildProcess, got ${describe(target)}`);
  if (!host.accepting()) throw new CoreError('ERR_SHUTTING_DOWN', 'cannot adopt: the manager is shutting down');
  const pid = handle ? handle.pid : (target as number);
  if (handle && (pid === undefined || handle.exitCode !== null || handle.signalCode !== null))
    throw new CoreError(
      'ERR_NOT_RUNNING',
      `cannot adopt ${handle.spawnfile}: ${pid === undefined ? 'it never started (spawn failed)' : 'it has exited'}`,
    );
  // Listen for the handle's exit before anything asynchronous: an exit during verification is not missed.
  const early = handle ? fromChildProcess(handle, { started: true }) : null;
  const identity = await verifyAdoptable(pid as number, options, {
    tracked: children.has(pid as number),
    guardianPid,
    handle,
  });
  if (!host.accepting()) throw new CoreError('ERR_SHUTTING_DOWN', 'cannot adopt: the manager is shutting down');
  if (children.has(identity.pid)) throw new CoreError('ERR_ALREADY_TRACKED', `pid ${identity.pid} is already tracked`);
  if (handle && (handle.exitCode !== null || handle.signalCode !== null))
    throw new CoreError('ERR_NOT_RUNNING', `cannot adopt pid ${identity.pid}: it has exited`);

  const source: ChildSource = early ? { ...early, identity } : polled(identity, options.pollMs ?? DEFAULT_POLL_MS);
  const scriptPath =
    options.scriptPath ?? handle?.spawnfile ?? identity.argv?.[0] ?? identity.name ?? String(identity.pid);
  const info: ProcessInfo = {
    pid: identity.pid,
    pgid: identity.pgid,
    scriptPath,
    name: options.name ?? basename(scriptPath),
    command: handle ? handle.spawnargs.join(' ') : identity.command,
    startedAt: new Date(),
    identity: null,
    ownerId: host.ownerId,
    adopted: true,
  };
  const managed = new Child(host, source, info, {});
  children.add(managed);
  host.emit('adopted', { pid: info.pid, pgid: info.pgid, command: info.command, scriptPath });
  await managed.ready;
  return handleOf(managed, handle);
}
