import { capabilities, identify, identifySync, type TerminateReport, terminate } from '@lifeline/platform-kill';
import type { Context, Entry } from './context';
import { CoreError } from './errors';
import { groupHasMembers } from './group';
import { killEntry, reportEvents } from './kill';
import { toRecord } from './records';
import type { ExitResult, ProcessInfo } from './types';

const registrationErrors = new WeakMap<Entry, CoreError>();
/** Entries whose add is queued in the store: their remove may be queued right behind it. */
const enqueued = new WeakSet<Entry>();

/**
 * Read the identity on 'spawn', then make the record durable. Resolves `ready`. If the record
 * cannot be written, the child is ended (no child runs untracked) and ready rejects.
 */
export function trackRegistration(ctx: Context, entry: Entry): Promise<ProcessInfo> {
  const { info, child } = entry;
  entry.identityRead = new Promise((resolve) => {
    child.once('spawn', () => {
      // On Linux read /proc synchronously: microseconds, and never queued behind the registry's
      // fsyncs in libuv's thread pool. Elsewhere (ps / PowerShell) asynchronously.
      if (capabilities.platform === 'linux') {
        try {
          const identity = identifySync(info.pid);
          info.identity = identity;
          if (identity?.pgid != null) info.pgid = identity.pgid;
          resolve(identity);
          return;
        } catch {
          // fall through to the asynchronous read
        }
      }
      identify(info.pid).then(
        (identity) => {
          info.identity = identity;
          if (identity?.pgid != null) info.pgid = identity.pgid;
          resolve(identity);
        },
        () => resolve(null),
      );
    });
  });
  const registration = (async () => {
    const identity = await entry.identityRead;
    // Already gone (no identity, or its exit already seen): a record would only be written to be
    // removed again, and there is nothing left to recover after a crash but stragglers in its
    // group, which the exit path ends now and which carry our owner tag for a later cleanup.
    if (!identity || entry.exit) return false;
    const [store, owner] = await Promise.all([ctx.store(), ctx.self()]);
    if (entry.exit) return false;
    const record = toRecord(info, identity, owner);
    // The guardian hears of it before the record is durable: a crash during the commit is covered.
    ctx.notifyGuardian({ type: 'add', record });
    try {
      const adding = store.add(record);
      // The exit path may now queue the removal behind this add without waiting for it:
      // the store applies ops in order, so both can share one group commit.
      enqueued.add(entry);
      await adding;
    } catch (error) {
      throw new CoreError(
        'ERR_STATE_DIR',
        `cannot record child ${info.pid} in ${store.path}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    ctx.emit('registered', { pid: info.pid, record });
    return true;
  })();
  entry.persisted = registration.catch(() => false);
  const ready = registration.then(
    () => info,
    async (error: CoreError) => {
      registrationErrors.set(entry, error);
      await killEntry(ctx, entry, { graceMs: ctx.graceMs }).catch(() => undefined);
      throw error;
    },
  );
  ready.catch(() => undefined); // surfaced through ready and wait(); never an unhandled rejection
  return ready;
}

/**
 * The spec's wait_for_script, fixed: the record goes only once the leader exited AND its whole
 * group is gone (stragglers are ended with the manager's grace), however the child ended.
 * wait() resolves as soon as that is confirmed and the entry has left the in-memory registry;
 * the durable removal is queued behind it (flush()/shutdown() wait for it). A crash before it
 * lands leaves a record whose process is gone: the next cleanup reports it as already-gone.
 */
export function trackExit(ctx: Context, entry: Entry): void {
  const { info, child } = entry;
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
    child.once('exit', (code, signal) => resolve([code, signal]));
  });
  entry.done = (async () => {
    const [exitCode, signal] = await exited;
    const result: ExitResult = { pid: info.pid, exitCode, signal, durationMs: Date.now() - info.startedAt.getTime() };
    entry.exit = result;
    ctx.emit('exited', { ...result, scriptPath: info.scriptPath });
    await endStragglers(ctx, entry);
    // Every process of the child is confirmed dead from here on: only now may its record go.
    if (ctx.entries.get(info.pid) === entry) ctx.entries.delete(info.pid);
    ctx.queueWrite(removeDurably(ctx, entry));
    if (info.identity) ctx.notifyGuardian({ type: 'remove', pid: info.pid, start_time: info.identity.startTime });
    ctx.emit('unregistered', { pid: info.pid });
    const failure = registrationErrors.get(entry);
    if (failure) throw failure;
    if (entry.output) Object.assign(result, await entry.output);
    return result;
  })();
  entry.done.catch(() => undefined);
}

/** Queue the record's removal behind its add (same group commit when both are pending). Never rejects. */
async function removeDurably(ctx: Context, entry: Entry): Promise<void> {
  const { info } = entry;
  // Without waiting for the add to be durable: once it is queued, the store applies ops in order.
  const wrote = enqueued.has(entry) || (await entry.persisted);
  if (!wrote) return;
  try {
    const store = await ctx.store();
    // Matched by start time: a reused pid's newer record is never removed by mistake.
    await store.remove(info.pid, { start_time: info.identity?.startTime ?? null });
  } catch (error) {
    ctx.emit('error', { error: error as Error, context: `unregister ${info.pid}` });
  }
}

async function endStragglers(ctx: Context, entry: Entry): Promise<void> {
  // A kill in flight already covers the group: let it finish rather than signal twice. If it
  // confirmed everything dead, what a signal-0 probe still sees are zombies about to be reaped.
  if (entry.killing) {
    const report = (await entry.killing) as TerminateReport | undefined;
    if (report && report.survivors.length === 0) return;
  }
  if (!groupHasMembers(entry) || entry.info.pgid === null) return;
  const pgid = entry.info.pgid;
  ctx.emit('signalled', { pid: entry.info.pid, pgid, signal: 'SIGTERM' });
  try {
    const report = await terminate({ pgid, tree: true }, { graceMs: ctx.graceMs });
    reportEvents(ctx, entry, report, ctx.graceMs);
  } catch (error) {
    ctx.emit('error', { error: error as Error, context: `end group ${pgid}` });
  }
}
