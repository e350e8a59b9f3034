import { parseArgs } from 'node:util';
import { LAYOUT_PRESETS, type LayoutPreset } from '@lifeline/persistence/layout';
import { LauncherError } from './errors';
import { didYouMean } from './suggest';

export type RuntimeChoice = 'auto' | 'bun' | 'node';

export interface LauncherArgs {
  mode: 'interactive' | 'headless' | 'help';
  /** Scripts to run (headless `run <script…>`). */
  scripts: string[];
  scriptsDir: string | undefined;
  stateDir: string | undefined;
  /** Which install's file names and place (lifeline, or a Script Kit layout). */
  layout: LayoutPreset;
  /** The host SDK preload scripts load before the launcher's watcher; undefined: the stand-in SDK. */
  sdk: string | undefined;
  runtime: RuntimeChoice;
  guardian: boolean;
  /** Each script in its own cgroup where the host allows (Linux cgroup v2); false: process group + tags only. */
  containment: boolean;
  json: boolean;
  /** LIFELINE_OWNER value for this run's children; generated when absent. */
  ownerId: string | undefined;
  graceMs: number | undefined;
}

export const USAGE = `Usage:
  launcher [--scripts <dir>] [--state-dir <dir>] [--layout <preset>] [--sdk <file>] [--runtime auto|bun|node] [--no-guardian] [--no-containment]
  launcher --headless run <script…> [--json] [same options]

Options:
  --scripts <dir>     folder of scripts to list (default: the demo scripts shipped with the app)
  --state-dir <dir>   where the PID file, registry and logs live (default: $LIFELINE_HOME or the platform dir)
  --layout <preset>   state file names and place: lifeline (default), scriptkit (~/.scriptkit),
                      scriptkit-sk (~/.sk/kit) or scriptkit-kenv (~/.kenv): a Script Kit install's files
  --sdk <file>        host SDK preload every script loads before the launcher's watcher
                      (default: the stand-in SDK shipped with the app)
  --runtime <name>    bun, node, or auto (bun when found, else node); default auto
  --no-guardian       do not start the guardian process that ends children if the launcher dies
  --no-containment    do not put scripts in cgroups (Linux cgroup v2); process groups and tags only
  --headless          no UI: print one line per lifecycle event (JSONL with --json)
  --owner-id <id>     LIFELINE_OWNER value for this run's children (default: generated; env LIFELINE_OWNER_ID)
  --grace-ms <ms>     how long to wait after SIGTERM before SIGKILL (default 3000)
  -h, --help          this text`;

/** Parse the launcher's command line. Throws LauncherError ERR_USAGE with a message that says what was expected. */
export function parseLauncherArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): LauncherArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new LauncherError('ERR_USAGE', parseProblem(error), { cause: error });
  }
  const { values, positionals } = parsed;
  const runtime = values.runtime ?? 'auto';
  if (runtime !== 'auto' && runtime !== 'bun' && runtime !== 'node')
    throw new LauncherError('ERR_USAGE', `--runtime must be bun, node or auto, got ${JSON.stringify(runtime)}`);
  const layout = values.layout ?? 'lifeline';
  if (!(LAYOUT_PRESETS as readonly string[]).includes(layout))
    throw new LauncherError(
      'ERR_USAGE',
      `--layout must be ${LAYOUT_PRESETS.join(', ')}, got ${JSON.stringify(layout)}`,
    );
  const graceMs = values['grace-ms'] === undefined ? undefined : Number(values['grace-ms']);
  if (graceMs !== undefined && !(Number.isInteger(graceMs) && graceMs >= 0))
    throw new LauncherError('ERR_USAGE', `--grace-ms must be a non-negative integer, got ${values['grace-ms']}`);
  const ownerId = values['owner-id'] ?? (env.LIFELINE_OWNER_ID || undefined);
  if (ownerId !== undefined && !/^[A-Za-z0-9._-]{8,128}$/.test(ownerId))
    throw new LauncherError(
      'ERR_USAGE',
      `--owner-id must be 8–128 letters, digits, '.', '_' or '-', got ${JSON.stringify(ownerId)}`,
    );

  let mode: LauncherArgs['mode'] = values.headless ? 'headless' : 'interactive';
  if (values.help) mode = 'help';
  let scripts: string[] = [];
  if (mode === 'headless') {
    const [command, ...rest] = positionals;
    if (command !== 'run' || rest.length === 0)
      throw new LauncherError(
        'ERR_USAGE',
        'headless mode expects `run <script…>`, e.g. `launcher --headless run hello timer`',
      );
    scripts = rest;
  } else if (mode === 'interactive' && positionals.length > 0) {
    throw new LauncherError(
      'ERR_USAGE',
      `unexpected argument ${JSON.stringify(positionals[0])} (did you mean --headless run …?)`,
    );
  }
  if (values.json && mode !== 'headless') throw new LauncherError('ERR_USAGE', '--json only applies to --headless');
  return {
    mode,
    scripts,
    scriptsDir: values.scripts,
    stateDir: values['state-dir'],
    layout: layout as LayoutPreset,
    sdk: values.sdk,
    runtime,
    guardian: !values['no-guardian'],
    containment: !values['no-containment'],
    json: values.json ?? false,
    ownerId,
    graceMs,
  };
}

const OPTIONS = {
  scripts: { type: 'string' },
  'state-dir': { type: 'string' },
  layout: { type: 'string' },
  sdk: { type: 'string' },
  runtime: { type: 'string' },
  'no-guardian': { type: 'boolean' },
  'no-containment': { type: 'boolean' },
  headless: { type: 'boolean' },
  json: { type: 'boolean' },
  'owner-id': { type: 'string' },
  'grace-ms': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parse(argv: string[]) {
  return parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS });
}

/** Our own words for node's parser errors (its hints are about node, not the launcher). */
function parseProblem(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const option = /'(-{1,2}[^',\s]+)/.exec(e.message ?? '')?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    const names = Object.keys(OPTIONS).map((name) => `--${name}`);
    const guess = didYouMean(option, names);
    return `unknown option ${option}${guess ? ` (did you mean ${guess}?)` : ''}`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return `option ${option} needs a value`;
  return e.message ?? String(error);
}
