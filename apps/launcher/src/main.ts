import { type LauncherArgs, parseLauncherArgs, USAGE } from './args';
import { defaultScriptsDir } from './catalog/default-dir';
import { discoverScripts, findScript, type ScriptEntry } from './catalog/discover';
import { LauncherError, messageOf } from './errors';
import { runHeadless } from './headless/run-headless';
import { interrupted } from './interrupts';
import { createLauncher } from './launcher';
import { printPlain } from './plain';
import { didYouMean } from './suggest';

export interface MainIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** The launcher: parse, pick a mode, run it. Resolves with the process exit code. */
export async function main(argv: string[], io: MainIo = process): Promise<number> {
  let args: LauncherArgs;
  try {
    args = parseLauncherArgs(argv, io.env);
  } catch (error) {
    io.stderr.write(`launcher: ${messageOf(error)}\nRun \`launcher --help\` for the options.\n`);
    return 2;
  }
  if (args.mode === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const scriptsDir = args.scriptsDir ?? defaultScriptsDir();
  let catalog: ScriptEntry[] = [];
  let catalogProblem: string | null = null;
  try {
    catalog = await discoverScripts(scriptsDir);
  } catch (error) {
    catalogProblem = messageOf(error);
  }

  if (args.mode === 'interactive' && !io.stdout.isTTY) {
    printPlain(io.stdout, { catalog, catalogProblem, scriptsDir });
    return catalogProblem ? 1 : 0;
  }
  if (args.mode === 'headless' && catalogProblem) {
    io.stderr.write(`launcher: ${catalogProblem}\n`);
    return 1;
  }
  // Names are checked before anything starts: a typo costs no startup, and is a usage error.
  const unknown = args.mode === 'headless' ? unknownScripts(catalog, args.scripts) : [];
  if (unknown.length > 0) {
    for (const line of unknown) io.stderr.write(`launcher: ${line}\n`);
    io.stderr.write(`available: ${catalog.map((s) => s.name).join(', ')}\n`);
    return 2;
  }

  const signals = interrupted();
  try {
    const launcher = await createLauncher(args, io.env);
    if (args.mode === 'headless') {
      return await runHeadless({
        manager: launcher.manager,
        tracker: launcher.tracker,
        catalog,
        scripts: args.scripts,
        json: args.json,
        guardian: args.guardian,
        preamble: [launcher.runtime.note, ...(launcher.runtime.problem ? [launcher.runtime.problem] : [])],
        write: (text) => io.stdout.write(text),
        interrupted: signals.promise,
      });
    }
    const { runInteractive } = await import('./ui/run-interactive');
    return await runInteractive({ launcher, args, catalog, catalogProblem, scriptsDir, interrupted: signals.promise });
  } catch (error) {
    const message = LauncherError.isInstance(error) ? error.message : `launcher failed: ${messageOf(error)}`;
    io.stderr.write(`launcher: ${message}\n`);
    return LauncherError.isInstance(error) && error.code === 'ERR_INSTANCE_RUNNING' ? 3 : 1;
  } finally {
    signals.dispose();
  }
}

/** One message per script name that is in no catalog entry, with the likeliest intended one. */
function unknownScripts(catalog: ScriptEntry[], wanted: string[]): string[] {
  const names = catalog.map((s) => s.name);
  return wanted.flatMap((name) => {
    try {
      findScript(catalog, name);
      return [];
    } catch {
      const guess = didYouMean(name, names);
      return [`no script named ${JSON.stringify(name)}${guess ? ` — did you mean ${JSON.stringify(guess)}?` : ''}`];
    }
  });
}
