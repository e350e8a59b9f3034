import { openLayoutPidFile } from '@lifeline/persistence';
import { holderLiveness } from '@lifeline/platform-kill';
import type { StateStatus } from '../types';
import type { InspectContext } from './context';
import { isOrphan, listTracked, readOwners } from './tracked';

/** A health summary of the state directory: PID file holder, instances, records, orphans, corruption. */
export async function status(ctx: InspectContext): Promise<StateStatus> {
  // Read-only throughout: status reports what it finds and changes nothing.
  const store = await ctx.registry.view();
  const { corruption } = await store.load();
  const { holder, corruption: pidFileProblem } = await openLayoutPidFile(ctx.layout, { readOnly: true })
    .inspect()
    .catch(() => ({ holder: null, corruption: undefined }));
  // State-file holders through platform-kill's holder check (an unverifiable identity counts as alive).
  const holderState = holder ? await holderLiveness(holder) : null;
  const { owners: ownerFiles, problems } = await readOwners(ctx);
  const owners = await Promise.all(
    ownerFiles.map(async (info) => {
      const alive = info.id === ctx.ownerId || (await holderLiveness(info)) === 'alive';
      const guardianAlive = info.guardian_pid
        ? (await holderLiveness({ pid: info.guardian_pid, start_time: info.guardian_start_time })) === 'alive'
        : null;
      return { ...info, alive, guardianAlive };
    }),
  );
  const tracked = await listTracked(ctx);
  const count = (state: string) => tracked.filter((t) => t.state === state).length;
  const orphans = tracked.filter(isOrphan).length;
  const pidFileState = !holder ? 'absent' : holderState === 'alive' ? 'live' : 'stale';
  return {
    layout: ctx.layout,
    pidFile: { state: pidFileState, holder },
    owners,
    tracked: {
      total: tracked.length,
      running: count('running'),
      gone: count('gone'),
      reused: count('reused'),
      zombie: count('zombie'),
      unverified: count('unverified'),
    },
    orphans,
    ...(corruption ? { corruption } : {}),
    ...(problems.length > 0 || pidFileProblem
      ? { problems: [...problems, ...(pidFileProblem ? [pidFileProblem] : [])] }
      : {}),
    healthy: !corruption && !pidFileProblem && problems.length === 0 && orphans === 0 && pidFileState !== 'stale',
  };
}
