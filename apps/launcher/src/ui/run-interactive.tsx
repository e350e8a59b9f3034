import { render } from 'ink';
import type { LauncherArgs } from '../args';
import type { ScriptEntry } from '../catalog/discover';
import type { Launcher } from '../launcher';
import { describeCleanup, startLauncher } from '../startup';
import { App } from './App';

export interface InteractiveOptions {
  launcher: Launcher;
  args: LauncherArgs;
  catalog: ScriptEntry[];
  catalogProblem: string | null;
  scriptsDir: string;
  interrupted: Promise<string>;
}

/**
 * The interactive launcher: the startup sequence (a second instance fails here, before any
 * UI), then the ink app until the user quits. Quitting ends every child and releases the PID file.
 */
export async function runInteractive({ launcher, args, catalog, catalogProblem, interrupted }: InteractiveOptions) {
  const { manager, tracker, runtime } = launcher;
  const errors: string[] = [];
  // An 'error' event with no listener would throw; show it instead.
  manager.on('error', (event) => errors.push(`${event.context}: ${event.error.message}`));
  const startup = await startLauncher(manager, { guardian: args.guardian });
  // The full sequence stays in the scrollback; the messages pane gets it condensed, cleanup last.
  process.stdout.write(`${[runtime.note, ...startup.lines].join('\n')}\n`);
  const guardian = manager.guardianPid
    ? `guardian pid ${manager.guardianPid}`
    : args.guardian
      ? 'no guardian in this core'
      : 'guardian off';
  const initialMessages = [
    `${runtime.note} · PID file ${manager.layout.pidFile} · shutdown handling on · ${guardian}`,
    ...(runtime.problem ? [runtime.problem] : []),
    ...describeCleanup(startup.cleanup),
  ];
  let summary = '';
  const shutdown = async () => {
    const ended = await tracker.endAll();
    await manager.shutdown();
    summary = `${ended}; PID file released`;
    return summary;
  };
  const app = render(
    <App
      tracker={tracker}
      catalog={catalog}
      catalogProblem={catalogProblem}
      header={{
        ownerId: manager.ownerId,
        runtime: runtime.runtime,
        guardianPid: manager.guardianPid,
        guardianWanted: args.guardian,
      }}
      initialMessages={initialMessages}
      shutdown={shutdown}
      interrupted={interrupted}
    />,
    { exitOnCtrlC: false },
  );
  try {
    await app.waitUntilExit();
  } finally {
    // Whatever ended the UI, never leave a child behind.
    await manager.shutdown().catch(() => undefined);
  }
  process.stdout.write(`Lifeline launcher: ${summary || 'stopped'}. Bye.\n`);
  for (const error of errors.slice(-5)) process.stderr.write(`launcher: ${error}\n`);
  return 0;
}
