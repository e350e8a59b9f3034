import { run } from './cli.js';

/**
 * The process entry: runs the CLI on `argv` (process.argv) and exits with its code once
 * stdout and stderr have drained (pipes are asynchronous on some platforms), so a lingering
 * handle in a lower layer can never keep `lifeline` from exiting.
 */
export async function main(argv: string[]): Promise<void> {
  // `lifeline logs | head`: the reader went away; that is a normal end, not a crash.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  const code = await run(argv.slice(2));
  process.exitCode = code;
  await Promise.all([drain(process.stdout), drain(process.stderr)]);
  process.exit(code);
}

function drain(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (!stream.writable) resolve();
    else stream.write('', () => resolve());
  });
}
