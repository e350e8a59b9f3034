import type { Context } from '../context.js';
import { CliError, EXIT } from '../errors.js';
import { printJson } from '../output/json.js';
import { sanitizeDeep } from '../output/sanitize.js';
import type { Handler } from '../program.js';
import { resolveState } from '../state/resolve.js';
import {
  checkLog,
  checkPlatform,
  checkQuarantine,
  checkRuntimes,
  checkStateDir,
  checkStatus,
  type Finding,
} from './doctor-checks.js';
import { readStatus } from './status.js';

/** `lifeline doctor`: every check as a finding with what to do; exit 3 when any is an error. Writes nothing. */
export function doctorCommand(): Handler {
  return async (ctx) => {
    const findings: Finding[] = [];
    let layout: Awaited<ReturnType<typeof resolveState>>['layout'] | undefined;
    try {
      const state = await resolveState(ctx);
      if (state.exists) layout = state.layout;
      else
        findings.push({
          check: 'state dir',
          level: 'ok',
          message: `${state.layout.stateDir} does not exist yet (created on first use)`,
        });
    } catch (error) {
      if (!CliError.isInstance(error)) throw error;
      findings.push({
        check: 'state dir',
        level: 'error',
        message: error.message,
        fix: 'pass --state-dir (or LIFELINE_HOME) naming a directory you own',
      });
    }
    if (layout) {
      findings.push(...(await checkStateDir(layout.stateDir)));
      findings.push(...(await checkQuarantine(layout)));
      try {
        findings.push(...checkStatus(await readStatus(layout)));
      } catch (error) {
        findings.push({
          check: 'status',
          level: 'error',
          message: (error as Error).message,
          fix: 'see the message; `lifeline status --verbose` shows the details',
        });
      }
      findings.push(...(await checkLog(layout)));
    }
    findings.push(...(await checkPlatform()), ...(await checkRuntimes(ctx.io.env)));
    const healthy = !findings.some((f) => f.level === 'error');
    if (ctx.opts.json) printJson(ctx.io, { healthy, findings });
    else print(ctx, sanitizeDeep(findings), healthy);
    return healthy ? EXIT.ok : EXIT.unhealthy;
  };
}

function print(ctx: Context, findings: Finding[], healthy: boolean): void {
  const c = ctx.colors;
  const mark = { ok: c.green('ok  '), warn: c.yellow('warn'), error: c.red('FAIL') };
  for (const f of findings) {
    ctx.out(`${mark[f.level]}  ${c.bold(f.check.padEnd(12))}${f.message}`);
    if (f.fix) ctx.out(`${' '.repeat(18)}${c.dim('→')} ${f.fix}`);
  }
  const problems = findings.filter((f) => f.level !== 'ok').length;
  ctx.out(healthy ? c.green(`healthy (${problems} warning(s))`) : c.red('unhealthy: fix the FAIL findings above'));
}
