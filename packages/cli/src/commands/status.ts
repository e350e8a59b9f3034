import { stat } from 'node:fs/promises';
import type { StateStatus } from '@lifeline/core';
import type { StateLayout } from '@lifeline/persistence';
import type { Context } from '../context.js';
import { EXIT } from '../errors.js';
import { withReadOnlyManager } from '../manager.js';
import { formatBytes } from '../output/format.js';
import { printJson } from '../output/json.js';
import { sanitizeDeep } from '../output/sanitize.js';
import type { Handler } from '../program.js';
import { resolveState } from '../state/resolve.js';
import { warnCorruption } from './shared.js';

/** `lifeline status`: where the state is, who holds it, what is tracked; exit 3 when unhealthy. Writes nothing. */
export function statusCommand(): Handler {
  return async (ctx) => {
    const state = await resolveState(ctx);
    if (!state.exists) {
      if (ctx.opts.json) printJson(ctx.io, { layout: state.layout, exists: false, healthy: true });
      else ctx.out(`State directory ${state.layout.stateDir} does not exist yet: nothing is tracked.`);
      return EXIT.ok;
    }
    const status = await readStatus(state.layout);
    const logBytes = await stat(status.layout.logFile).then(
      (s) => s.size,
      () => null,
    );
    if (ctx.opts.json)
      printJson(ctx.io, { ...status, exists: true, logFile: { path: status.layout.logFile, bytes: logBytes } });
    else print(ctx, sanitizeDeep(status), logBytes);
    return status.healthy ? EXIT.ok : EXIT.unhealthy;
  };
}

/** core's status() on a private copy of the state files, told about the real ones. */
export function readStatus(layout: StateLayout): Promise<StateStatus> {
  return withReadOnlyManager(layout, async (manager, toReal) => {
    const status = await manager.status();
    const corruption = status.corruption && {
      ...status.corruption,
      path: toReal(status.corruption.path),
      quarantinedTo: '',
    };
    return { ...status, layout, ...(corruption ? { corruption } : {}) };
  });
}

function print(ctx: Context, s: StateStatus, logBytes: number | null): void {
  const c = ctx.colors;
  const label = (text: string) => c.bold(text.padEnd(12));
  ctx.out(`${label('state dir')}${s.layout.stateDir} (${s.layout.preset} layout)`);
  const holder = s.pidFile.holder;
  const pidState =
    s.pidFile.state === 'live' ? c.green('live') : s.pidFile.state === 'stale' ? c.red('stale') : c.dim('absent');
  const holderText = holder ? `, holder pid ${holder.pid}${holder.owner_id ? ` (owner ${holder.owner_id})` : ''}` : '';
  ctx.out(`${label('pid file')}${pidState}${holderText}  ${c.dim(s.layout.pidFile)}`);
  if (s.owners.length === 0) ctx.out(`${label('owners')}none`);
  for (const [i, o] of s.owners.entries()) {
    const alive = o.alive ? c.green('alive') : c.red('gone');
    const guardian =
      o.guardianAlive === null
        ? c.dim('no guardian')
        : o.guardianAlive
          ? c.green(`guardian ${o.guardian_pid} alive`)
          : c.red(`guardian ${o.guardian_pid} gone`);
    ctx.out(
      `${label(i === 0 ? 'owners' : '')}${o.id}${o.name ? ` "${o.name}"` : ''} pid ${o.pid} ${alive}, ${guardian}`,
    );
  }
  const t = s.tracked;
  ctx.out(
    `${label('tracked')}${t.total} (${t.running} running, ${t.unverified} unverified, ${t.zombie} zombie, ${t.gone} gone, ${t.reused} reused)`,
  );
  ctx.out(`${label('orphans')}${s.orphans > 0 ? c.red(String(s.orphans)) : '0'}`);
  ctx.out(
    `${label('log file')}${s.layout.logFile}${logBytes === null ? c.dim(' (none yet)') : ` (${formatBytes(logBytes)})`}`,
  );
  if (s.corruption) warnCorruption(ctx, s.corruption);
  for (const problem of s.problems ?? []) warnCorruption(ctx, problem);
  if (s.healthy) ctx.out(c.green('healthy'));
  else {
    const why = [
      s.pidFile.state === 'stale' ? 'stale PID file' : '',
      s.corruption ? 'corrupt registry' : '',
      s.orphans > 0 ? `${s.orphans} orphan(s)` : '',
      s.problems?.length ? `${s.problems.length} bad state entr${s.problems.length === 1 ? 'y' : 'ies'}` : '',
    ].filter(Boolean);
    ctx.out(c.red(`unhealthy: ${why.join(', ') || 'see above'} — run \`lifeline cleanup\` (or \`lifeline doctor\`)`));
  }
}
