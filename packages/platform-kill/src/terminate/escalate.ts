import type { Adapter } from '../adapter';
import type { ResolvedOptions } from '../validate';
import { pollOnce, sleep } from './confirm';
import type { Plan } from './plan';
import { sendPhase } from './send';

/**
 * The shared wait loop: after the graceful signal at `t0`, poll every `pollMs` until all are
 * dead; at t0 + graceMs (escalation is timed from the graceful signal, not from the last poll)
 * re-verify and send the force signal to whatever remains, then poll until confirmMs has passed.
 * Whatever is still alive then is left pending; the report marks it a survivor.
 */
export async function waitAndEscalate(
  adapter: Adapter,
  plans: Plan[],
  options: ResolvedOptions,
  t0: number,
  forced: boolean,
) {
  const forceAt = t0 + options.graceMs;
  let giveUpAt = forced ? t0 + options.confirmMs : Number.POSITIVE_INFINITY;
  for (;;) {
    if (!forced && performance.now() >= forceAt) {
      // sendPhase re-verifies first: what died during the grace counts as terminated.
      await sendPhase(adapter, plans, 'force', options.forceSignal, 'terminated');
      forced = true;
      giveUpAt = performance.now() + options.confirmMs;
    }
    const left = await pollOnce(adapter, plans, forced ? 'killed' : 'terminated');
    if (left === 0) return;
    const now = performance.now();
    if (forced && now >= giveUpAt) return;
    const nextDeadline = forced ? giveUpAt : forceAt;
    await sleep(Math.max(0, Math.min(options.pollMs, nextDeadline - now)));
  }
}
