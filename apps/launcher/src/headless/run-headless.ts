import { findScript, type ScriptEntry } from '../catalog/discover';
import { messageOf } from '../errors';
import type { ManagerPort } from '../manager-port';
import { isDone, type RunTracker } from '../runs';
import { startLauncher } from '../startup';
import { followManager, formatJson, formatText, type LifecycleLine } from './lifecycle-lines';
import { OutputFollower } from './output-lines';

export interface HeadlessOptions {
  manager: ManagerPort;
  tracker: RunTracker;
  catalog: ScriptEntry[];
  /** Names (or file names) of the scripts to run. */
  scripts: string[];
  json: boolean;
  guardian: boolean;
  /** Lines before the manager exists (runtime choice, …). */
  preamble: string[];
  write: (text: string) => void;
  /** Resolves when the user interrupts (SIGINT/SIGTERM/SIGHUP); the caller owns the signal handlers. */
  interrupted: Promise<string>;
}

/**
 * `launcher --headless run <script…>`: the startup sequence, then the scripts, printing one line
 * per lifecycle event, until every script has exited or we are interrupted. Exit code: 0 when
 * every script started and exited 0; 1 otherwise; 130 when interrupted.
 */
export async function runHeadless(options: HeadlessOptions): Promise<number> {
  const { manager, tracker, json, write } = options;
  const print = (line: LifecycleLine) => write(`${json ? formatJson(line) : formatText(line)}\n`);
  for (const message of options.preamble) print({ event: 'launcher', message });
  const stop = followManager(manager, print);
  // Script output between the lifecycle lines, `name | line` as `lifeline logs` prints it.
  const width = Math.max(...options.scripts.map((s) => s.length), 4);
  const output = new OutputFollower((run, line) =>
    json
      ? print({ event: 'output', script: run.script, pid: run.pid, line })
      : write(`${run.script.padEnd(width)} | ${line}\n`),
  );
  try {
    const startup = await startLauncher(manager, { guardian: options.guardian });
    for (const message of startup.lines) print({ event: 'startup', message });
    print({ event: 'cleanup', found: startup.cleanup.entries.length, killed: startup.cleanup.killed });

    let unknown = 0;
    for (const wanted of options.scripts) {
      let script: ScriptEntry;
      try {
        script = findScript(options.catalog, wanted);
      } catch (error) {
        unknown += 1;
        print({ event: 'failed', script: wanted, message: messageOf(error) });
        continue;
      }
      const run = tracker.start(script);
      if (run.state === 'failed') {
        print({ event: 'failed', script: script.name, message: run.message ?? 'could not start' });
        continue;
      }
      output.add(run);
      print({ event: 'started', run: run.id, pid: run.pid, script: script.name, log: run.logFile });
    }
    const outcome = await Promise.race([tracker.settled().then(() => 'done'), options.interrupted]);
    await output.drain();
    if (outcome !== 'done') {
      print({ event: 'interrupted', signal: outcome, running: tracker.active().length });
      await manager.shutdown();
      return 130;
    }
    const runs = tracker.list();
    const failures = unknown + runs.filter((run) => run.state === 'failed' || run.state === 'crashed').length;
    print({ event: 'done', runs: runs.length, failed: failures, allExited: runs.every(isDone) });
    await manager.shutdown();
    return failures > 0 ? 1 : 0;
  } finally {
    await output.drain();
    stop();
  }
}
