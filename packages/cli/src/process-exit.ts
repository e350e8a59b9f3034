/**
 * How the `lifeline` process ends, for both ways in (dist/main.js, and the bin's ps fast path
 * dist/fast.cjs): with the command's code once stdout and stderr have drained (pipes are
 * asynchronous on some platforms), so a lingering handle in a lower layer can never keep
 * `lifeline` from exiting.
 */

/** `lifeline logs | head`: the reader went away; that is a normal end, not a crash. */
export function endOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
}

export async function exitWhenDrained(code: number): Promise<never> {
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
