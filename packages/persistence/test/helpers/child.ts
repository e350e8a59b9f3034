import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { OWNER_ENV } from '@lifeline/test-utils';

/** A node fixture from test/fixtures, tagged with the test's owner id, with its stdout as parsed JSON lines. */
export interface NodeChild {
  child: ChildProcess;
  pid: number;
  messages: Array<Record<string, unknown>>;
  /** Resolves with the first message (already seen or future) that satisfies `test`. */
  waitForMessage(test: (m: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `maxOpenFiles`: run under `ulimit -n` (a shell sets it, then execs node: same pid). */
export function startNodeFixture(
  name: string,
  args: string[],
  owner: string,
  options: { maxOpenFiles?: number } = {},
): NodeChild {
  const file = fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
  const argv = [process.execPath, file, ...args];
  const [command, ...rest] =
    options.maxOpenFiles === undefined
      ? argv
      : ['/bin/sh', '-c', `ulimit -n ${Math.trunc(options.maxOpenFiles)} && exec "$@"`, 'sh', ...argv];
  const child = spawn(command as string, rest, {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, [OWNER_ENV]: owner },
  });
  const messages: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  const waiters: Array<{
    test: (m: Record<string, unknown>) => boolean;
    resolve: (m: Record<string, unknown>) => void;
  }> = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line);
    } catch {
      return;
    }
    messages.push(message);
    for (const w of waiters.splice(0)) {
      if (w.test(message)) w.resolve(message);
      else waiters.push(w);
    }
  });
  return {
    child,
    pid: child.pid as number,
    messages,
    exited,
    waitForMessage(test, what) {
      const seen = messages.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ test, resolve });
        exited.then(({ code, signal }) => {
          // Let the last stdout lines arrive before giving up.
          setImmediate(() => {
            const late = messages.find(test);
            if (late) resolve(late);
            else reject(new Error(`${name} exited (${code ?? signal}) before ${what}; stderr: ${stderr}`));
          });
        });
      });
    },
  };
}
