import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI_BIN = fileURLToPath(new URL('../../../packages/cli/bin/lifeline.js', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

export interface CliRunOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
  /**
   * Shell lines run first by `sh`, which then execs the CLI: `$$` in them is the CLI's own
   * pid (exec keeps the pid and the start time), so a record can name the CLI itself.
   */
  prelude?: string;
}

/** In a prelude run, an argument `__SELF__` becomes `$$`: the CLI's own pid once sh has exec'd it. */
const SELF_ARG = 'for a do shift; if [ "$a" = __SELF__ ]; then a=$$; fi; set -- "$@" "$a"; done';

/** Runs the built `lifeline` bin (node packages/cli/bin/lifeline.js) and captures everything. */
export function runCli(args: string[], options: CliRunOptions): Promise<CliResult> {
  const { env, cwd, timeoutMs = 15_000, prelude } = options;
  const [cmd, argv] = prelude
    ? ['/bin/sh', ['-c', `${prelude}\n${SELF_ARG}\nexec "$0" "$@"`, process.execPath, CLI_BIN, ...args]]
    : [process.execPath, [CLI_BIN, ...args]];
  const t0 = performance.now();
  const child = spawn(cmd, argv as string[], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL'); // our own child, still unreaped
  }, timeoutMs);
  return new Promise((resolve) => {
    child.once('error', (error) => {
      clearTimeout(timer);
      resolve({
        code: null,
        signal: null,
        stdout: '',
        stderr: String(error),
        timedOut,
        durationMs: performance.now() - t0,
      });
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
        durationMs: performance.now() - t0,
      });
    });
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are what we strip
const ANSI = /\u001b\[[0-9;]*m/g;

/** "No crash without a clear message": not killed by a signal, no stack trace, and a message when non-zero. */
export function judgeExit(r: CliResult): { ok: boolean; why: string } {
  if (r.timedOut) return { ok: false, why: `hung (killed after ${Math.round(r.durationMs)} ms)` };
  if (r.signal) return { ok: false, why: `died of ${r.signal}` };
  if (r.code === null) return { ok: false, why: `did not run: ${r.stderr.slice(0, 120)}` };
  const stderr = r.stderr.replace(ANSI, '');
  if (/^\s+at .+:\d+:\d+\)?$/m.test(stderr) || /node:internal/.test(stderr))
    return { ok: false, why: `stack trace: ${firstLine(stderr)}` };
  if (r.code !== 0) {
    // The explanation may be on stderr (`error: …`) or, for per-pid outcomes, on stdout ("refused: …").
    const line =
      stderr.split('\n').find((l) => /^error:?\s/i.test(l.trim())) ??
      firstLine(`${stderr}\n${r.stdout.replace(ANSI, '')}`);
    if (!line) return { ok: false, why: `exit ${r.code} with no message at all` };
    return { ok: true, why: `exit ${r.code}: ${line.trim().slice(0, 140)}` };
  }
  const warn = stderr.split('\n').find((l) => l.trim() !== '');
  return { ok: true, why: warn ? `exit 0; stderr: ${warn.trim().slice(0, 120)}` : 'exit 0' };
}

const firstLine = (text: string) =>
  text
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim()
    .slice(0, 140) ?? '';

/**
 * The packages under test are rebuilt by their owners while the suite runs (tsup empties dist/
 * first). A run that failed only because a dist file was missing at that moment is retried,
 * and the retry is reported, never hidden.
 */
export const isBuildRace = (text: string) =>
  /Cannot find module '[^']*\/dist\/|ERR_MODULE_NOT_FOUND[\s\S]*\/dist\//.test(text);
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
