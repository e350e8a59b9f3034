/**
 * The instance's own files: the main PID file (single-instance or shared) and owners/<id>.json,
 * taken at start(), naming the guardian while one runs, released at shutdown.
 */
import {
  openLayoutPidFile,
  openOwners,
  PersistenceError,
  type PidFileContent,
  type VerifyHolder,
} from '@lifeline/persistence';
import { holderLiveness } from '@lifeline/platform-kill';
import { CoreError } from '../errors';
import type { Owner } from '../owner';

/** platform-kill's holder check (the one identity rule), in the shape persistence asks for. */
const verifyHolder: VerifyHolder = holderLiveness;

/** Fail early when another live instance holds the PID file (single-instance mode). */
export async function assertNoLiveHolder(ctx: Owner): Promise<void> {
  const holder = await openLayoutPidFile(ctx.layout)
    .read()
    .catch(() => null);
  // Another manager in this very process is still another instance: compare owner ids, not pids.
  if (!holder || holder.owner_id === ctx.ownerId) return;
  if ((await verifyHolder(holder)) === 'alive') throw instanceRunning(ctx, holder);
}

function instanceRunning(ctx: Owner, holder: PidFileContent, cause?: unknown): CoreError {
  const who = holder.owner_id ? ` (owner ${holder.owner_id})` : '';
  return new CoreError(
    'ERR_INSTANCE_RUNNING',
    `another instance is running: pid ${holder.pid}${who} holds ${ctx.layout.pidFile}`,
    cause === undefined ? undefined : { cause },
  );
}

/**
 * Take the main PID file (atomically in single-instance mode) and write owners/<id>.json.
 * Without single-instance, a PID file held by another live instance is left alone (a `lifeline
 * run` next to a running launcher must not replace the launcher's file); `pidFile: false` never
 * writes it. Returns whether we hold the PID file.
 */
export async function claimInstance(
  ctx: Owner,
  options: { singleInstance: boolean; pidFile: boolean; name?: string },
): Promise<boolean> {
  const self = await ctx.self();
  const startedAt = new Date().toISOString();
  const content: PidFileContent = {
    pid: self.pid,
    start_time: self.start_time ?? null,
    boot_id: self.boot_id ?? null,
    owner_id: ctx.ownerId,
    started_at: startedAt,
    guardian_pid: null,
  };
  const pidFile = openLayoutPidFile(ctx.layout, {
    onCorruption: (report) =>
      ctx.emit('state-corrupt', { path: report.path, quarantinedTo: report.quarantinedTo, reason: report.reason }),
  });
  let held = false;
  try {
    if (options.singleInstance) {
      await pidFile.acquire(content, verifyHolder);
      held = true;
    } else if (options.pidFile) {
      const holder = await pidFile.read().catch(() => null);
      if (holder && holder.owner_id !== ctx.ownerId && (await verifyHolder(holder)) === 'alive') {
        ctx.emit('pid-file-kept', { holderPid: holder.pid, holderOwner: holder.owner_id ?? null, path: pidFile.path });
      } else {
        await pidFile.write(content);
        held = true;
      }
    }
  } catch (error) {
    if (PersistenceError.isInstance(error) && error.code === 'ERR_INSTANCE_RUNNING') {
      const holder = await pidFile.read().catch(() => null);
      throw instanceRunning(ctx, holder ?? { pid: 0 }, error);
    }
    throw new CoreError('ERR_STATE_DIR', `cannot write ${ctx.layout.pidFile}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    await openOwners(ctx.layout.ownersDir).write({
      ...self,
      started_at: startedAt,
      name: options.name,
      guardian_pid: null,
    });
  } catch (error) {
    await releaseInstance(ctx, held);
    throw new CoreError(
      'ERR_STATE_DIR',
      `cannot write the owner file in ${ctx.layout.ownersDir}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return held;
}

/** Name the running guardian in owners/<id>.json and, when we hold it, the PID file (for status and doctor). */
export async function recordGuardian(
  ctx: Owner,
  guardian: { pid: number; start_time: string | null },
  pidFileHeld: boolean,
): Promise<void> {
  const owners = openOwners(ctx.layout.ownersDir);
  const info = await owners.read(ctx.ownerId);
  if (info) await owners.write({ ...info, guardian_pid: guardian.pid, guardian_start_time: guardian.start_time });
  if (!pidFileHeld) return;
  const pidFile = openLayoutPidFile(ctx.layout);
  const holder = await pidFile.read().catch(() => null);
  if (holder?.owner_id === ctx.ownerId && holder.pid === process.pid)
    await pidFile.write({ ...holder, guardian_pid: guardian.pid });
}

/** Remove the PID file (only if we took it and it still names us) and our owner file. */
export async function releaseInstance(ctx: Owner, pidFileHeld: boolean): Promise<void> {
  const self = await ctx.self();
  await Promise.all([
    pidFileHeld
      ? openLayoutPidFile(ctx.layout)
          .remove({ pid: self.pid, start_time: self.start_time ?? null })
          .catch(() => false)
      : false,
    openOwners(ctx.layout.ownersDir)
      .remove(ctx.ownerId)
      .catch(() => false),
  ]);
}
