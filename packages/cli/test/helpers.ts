import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built bin, run exactly as a user runs it. Tests need `pnpm build` first (turbo does it). */
export const BIN = fileURLToPath(new URL('../bin/lifeline.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliEnv {
  /** LIFELINE_HOME for the command (a makeStateDir() temp dir); omit to leave it unset. */
  home?: string;
  /** LIFELINE_OWNER of the CLI process itself, so a leak check sees anything it leaves behind. */
  owner: string;
  env?: NodeJS.ProcessEnv;
}

function envFor(options: CliEnv): NodeJS.ProcessEnv {
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  delete inherited.FORCE_COLOR; // a test may still set it through options.env
  delete inherited.COLUMNS; // the width is the default 80 unless a test sets it
  const env: NodeJS.ProcessEnv = { ...inherited, NO_COLOR: '1', LIFELINE_OWNER: options.owner, ...options.env };
  if (options.home === undefined) delete env.LIFELINE_HOME;
  else env.LIFELINE_HOME = options.home;
  return env;
}

/** Start `lifeline <args>` in the background (stdout/stderr piped, collected). */
export interface BackgroundCli {
  child: ChildProcess;
  /** Resolves when the output streams close (every process holding them has exited). */
  result: Promise<CliResult>;
  /** Resolves when lifeline itself exits (its children may still hold the pipes). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startCli(args: string[], options: CliEnv): BackgroundCli {
  const child = spawn(process.execPath, [BIN, ...args], { env: envFor(options), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const result = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, result, exited };
}

/** Run `lifeline <args>` to completion. */
export function cli(args: string[], options: CliEnv): Promise<CliResult> {
  return startCli(args, options).result;
}

/** Parse a --json stdout, failing with the output when it is not JSON. */
export function json<T = unknown>(result: CliResult): T {
  try {
    return JSON.parse(result.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${result.code}):\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
}

export type { ChildProcess };

/**
 * One column of a `ps` table, by its header: pid → the cell's first word. Left-aligned columns
 * start where their header starts, so this does not depend on which other columns fit.
 */
export function psColumn(stdout: string, header: string): Map<number, string> {
  const lines = stdout.split('\n');
  const head = lines.find((line) => /^\s*PID\b/.test(line));
  if (!head) throw new Error(`no ps header in:\n${stdout}`);
  const at = head.search(new RegExp(`\\b${header}\\b`));
  if (at < 0) throw new Error(`no ${header} column in:\n${head}`);
  return new Map(
    lines.flatMap((line) => {
      const pid = /^\s*(\d+)\s/.exec(line);
      const cell = /^\S+/.exec(line.slice(at));
      return pid && cell ? [[Number(pid[1]), cell[0]] as const] : [];
    }),
  );
}
