import type { Adapter } from '../adapter';
import type { ResolvedOptions } from '../validate';
import { pollOnce, sleep } from './confirm';
import type { Plan } from './plan';
import { sendPhase } from './send';

/**
 * The shared wait loop: after the graceful signal at `t0`, poll every `pollMs` until all are
 * dead; at exactly t0 + graceMs send the force signal to whatever remains (escalation is timed
 * from the graceful signal, not from the last poll), then poll until confirmMs has passed.
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
    const left = await pollOnce(adapter, plans, forced ? 'killed' : 'terminated');
    if (left === 0) return;
    let now = performance.now();
    if (!forced && now >= forceAt) {
      await sendPhase(adapter, plans, 'force', options.forceSignal);
      forced = true;
      now = performance.now();
      giveUpAt = now + options.confirmMs;
      continue;
    }
    if (forced && now >= giveUpAt) return;
    const nextDeadline = forced ? giveUpAt : forceAt;
    await sleep(Math.max(0, Math.min(options.pollMs, nextDeadline - now)));
  }
}
