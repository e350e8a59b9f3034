import { LAYOUT_PRESETS } from '@lifeline/persistence/layout';
import { Command, Option } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import type { Context, GlobalOptions } from './context.js';
import { COMMAND_EXAMPLES, ENV_HELP, EXIT_CODES_HELP, MAIN_EXAMPLES } from './help.js';
import { type KillTarget, parseGrace, parseKillTarget, parseLines, parseOwner, parseSignal } from './parse.js';

/** A command handler: receives the context, returns the exit code. Loaded lazily per command. */
export type Handler = (ctx: Context) => Promise<number>;

export interface ProgramHooks {
  /** Called with the chosen command's handler; the caller runs it and keeps the exit code. */
  dispatch(globals: GlobalOptions, handler: Handler): Promise<void>;
  writeOut(text: string): void;
  writeErr(text: string): void;
}

/**
 * The commander setup. Command modules are imported inside the actions, so `lifeline ps` never
 * loads what `kill` or `run` need (core, execa, pino) — start-up time is a feature here.
 */
export function buildProgram(hooks: ProgramHooks): Command {
  const program = new Command('lifeline')
    .description('See, end and clean up the child processes Lifeline tracks.')
    .version(pkg.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--state-dir <dir>', 'state directory (default: $LIFELINE_HOME or the platform data dir)')
    .addOption(
      new Option(
        '--layout <preset>',
        'state file names and place: lifeline, or a Script Kit install: scriptkit (~/.scriptkit), scriptkit-sk (~/.sk/kit), scriptkit-kenv (~/.kenv)',
      )
        .choices(LAYOUT_PRESETS)
        .default('lifeline'),
    )
    .option('--json', 'print data as JSON')
    .option('--verbose', 'print stack traces with errors')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeOut: hooks.writeOut, writeErr: hooks.writeErr })
    .addHelpText('after', `${MAIN_EXAMPLES}\n${EXIT_CODES_HELP}\n${ENV_HELP}\n`);

  const go = (cmd: Command, load: () => Promise<Handler>) =>
    load().then((handler) => hooks.dispatch(globalsOf(cmd), handler));
  const sub = (name: string, description: string) =>
    program
      .command(name)
      .description(description)
      .exitOverride()
      .configureOutput({ writeOut: hooks.writeOut, writeErr: hooks.writeErr })
      .addHelpText('after', COMMAND_EXAMPLES[name as keyof typeof COMMAND_EXAMPLES] ?? '');

  sub('ps', 'list tracked processes: pid, name, state, age, memory, CPU, owner, command')
    .aliases(['ls', 'list'])
    .option('--tree', 'show each process with its descendants')
    .option('-w, --wide', 'every column, full commands (no truncation)')
    .action((opts: { tree?: boolean; wide?: boolean }, cmd: Command) =>
      go(cmd, async () =>
        (await import('./commands/ps.js')).psCommand({ tree: opts.tree === true, wide: opts.wide === true }),
      ),
    );

  sub('kill', 'end tracked process trees (graceful signal, then force)')
    .argument(
      '[targets...]',
      'pids or names (as ps shows them) of tracked processes',
      (raw: string, prev: KillTarget[] = []) => [...prev, parseKillTarget(raw)],
    )
    .option('--all', 'end every tracked process')
    .option('--grace <ms>', 'wait this long after the signal before SIGKILL', parseGrace, 3000)
    .option('--signal <name>', 'graceful signal to send first', parseSignal, 'SIGTERM' as NodeJS.Signals)
    .option('--force-untracked', 'also end pids that have no record (never pid <= 1, lifeline or its ancestors)')
    .action(
      (
        targets: KillTarget[] | undefined,
        opts: Partial<KillFlags> & Pick<KillFlags, 'grace' | 'signal'>,
        cmd: Command,
      ) =>
        go(cmd, async () =>
          (await import('./commands/kill.js')).killCommand(targets ?? [], {
            ...opts,
            all: opts.all === true,
            forceUntracked: opts.forceUntracked === true,
          }),
        ),
    );

  sub('cleanup', 'end orphans (tracked processes whose owner is gone), one line per record')
    .option('--dry-run', 'decide and print, signal nothing')
    .action((opts: { dryRun?: boolean }, cmd: Command) =>
      go(cmd, async () => (await import('./commands/cleanup.js')).cleanupCommand({ dryRun: opts.dryRun === true })),
    );

  sub('status', 'state directory, PID file, owners, counts; exit 3 when unhealthy').action((_opts, cmd: Command) =>
    go(cmd, async () => (await import('./commands/status.js')).statusCommand()),
  );

  sub('run', 'run a command as a tracked child in the foreground')
    .usage('[options] -- <command> [args...]')
    .argument('<command>', 'program to run')
    .argument('[args...]', 'its arguments (put -- before the command)')
    .option('--name <name>', 'display name in ps and logs')
    .option('--grace <ms>', 'after forwarding a signal, wait this long before SIGKILL', parseGrace, 3000)
    .option('--no-guardian', 'do not start the guardian that ends the tree if lifeline dies')
    .option('--log', 'send its stdout and stderr to a file in the state dir (for `lifeline logs NAME|PID -f`)')
    .option(
      '--owner <id>',
      'owner id (LIFELINE_OWNER) for the child; at exit everything carrying it is ended',
      parseOwner,
    )
    .action((command: string, args: string[], opts: RunFlags, cmd: Command) =>
      go(cmd, async () => (await import('./commands/run.js')).runCommand(command, args, opts)),
    );

  sub('logs', "the scripts' output, each line prefixed with its name (lifecycle events with --events)")
    .argument('[target]', 'only this script name or pid')
    .option('-f, --follow', 'keep printing new lines (and new runs) until interrupted')
    .option('-n, --lines <n>', 'how many earlier lines of each run to show first', parseLines, 15)
    .option('--events', 'the lifecycle log (spawned, exited, signalled, orphans…) instead of output')
    .option('--since <time>', 'only entries (or runs) newer than a duration (15m, 2h, 1d) or a date')
    .action(
      (
        target: string | undefined,
        opts: { follow?: boolean; events?: boolean; lines: number; since?: string },
        cmd: Command,
      ) =>
        go(cmd, async () =>
          (await import('./logs/command.js')).logsCommand(target, {
            follow: opts.follow === true,
            events: opts.events === true,
            lines: opts.lines,
            since: opts.since,
          }),
        ),
    );

  sub('doctor', 'check the state directory and platform support, with what to do').action((_opts, cmd: Command) =>
    go(cmd, async () => (await import('./commands/doctor.js')).doctorCommand()),
  );

  return program;
}

export interface KillFlags {
  all: boolean;
  grace: number;
  signal: NodeJS.Signals;
  forceUntracked: boolean;
}

export interface RunFlags {
  name?: string;
  owner?: string;
  grace: number;
  guardian: boolean;
  /** Capture stdout/stderr to a file core makes in logs/runs; the child's record names it. */
  log?: boolean;
}

function globalsOf(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals();
  return { stateDir: o.stateDir, layout: o.layout, json: o.json === true, verbose: o.verbose === true };
}
