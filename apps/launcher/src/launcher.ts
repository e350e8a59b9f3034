import { prepareStateDir } from '@lifeline/cli/state-dir';
import { createManager } from '@lifeline/core';
import { resolveLayout } from '@lifeline/persistence';
import type { LauncherArgs } from './args';
import type { ManagerPort } from './manager-port';
import { preloadPath, runtimeLinkDir, standInSdkPath } from './paths';
import { RunTracker } from './runs';
import { type ResolvedRuntime, resolveRuntime } from './runtime';

export interface Launcher {
  manager: ManagerPort;
  tracker: RunTracker;
  runtime: ResolvedRuntime;
}

/**
 * Everything the launcher runs on, before start(): the state dir, the runtime for scripts,
 * core's manager (single instance, guardian unless --no-guardian, the SDK then our preload) and
 * the run tracker.
 */
export async function createLauncher(args: LauncherArgs, env: NodeJS.ProcessEnv = process.env): Promise<Launcher> {
  const layout = resolveLayout({ stateDir: args.stateDir, preset: args.layout, env });
  // The state dir 0700 (created when missing), its logs 0700/0600 before core's logger opens them.
  await prepareStateDir(layout);
  const runtime = resolveRuntime(args.runtime, { env, linkDir: runtimeLinkDir(layout.stateDir) });
  const manager: ManagerPort = createManager({
    stateDir: layout.stateDir,
    layout: args.layout,
    ownerId: args.ownerId,
    name: 'launcher',
    guardian: args.guardian,
    containment: args.containment ? 'auto' : 'off',
    singleInstance: true,
    handleSignals: true,
    handleErrors: true, // an app, not a library: a crash ends the scripts first
    runtime: runtime.runtime,
    preload: preloadPath(),
    // The host's SDK first, our watcher second (core composes both preloads).
    sdkPreload: args.sdk ?? standInSdkPath(),
    env: runtime.env,
    graceMs: args.graceMs,
  });
  const tracker = new RunTracker(manager, {
    logsDir: layout.logsDir,
    runtime: runtime.runtime,
    runtimeProblem: runtime.problem,
  });
  return { manager, tracker, runtime };
}
