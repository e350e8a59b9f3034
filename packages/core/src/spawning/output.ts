import type { ChildProcess } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface CapturedOutput {
  stdout?: string;
  stderr?: string;
}

/**
 * `buffer: true`: collect the piped stdout / stderr as UTF-8 text for wait()'s result. Only
 * streams that are pipes are read; a stream that errors keeps what arrived. Resolves when both
 * have ended (a grandchild holding the pipe open delays it, as with any buffered spawn).
 */
export function collectOutput(child: ChildProcess): Promise<CapturedOutput> {
  const read = (stream: Readable | null): Promise<string | undefined> => {
    if (!stream) return Promise.resolve(undefined);
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    return new Promise((resolve) => {
      const done = () => resolve(Buffer.concat(chunks).toString('utf8'));
      stream.once('end', done);
      stream.once('close', done);
      stream.once('error', done);
    });
  };
  return Promise.all([read(child.stdout), read(child.stderr)]).then(([stdout, stderr]) => ({
    ...(stdout === undefined ? {} : { stdout }),
    ...(stderr === undefined ? {} : { stderr }),
  }));
}

/**
 * The default for output nobody reads (issue 17): drained, so a child that writes more than a
 * pipe holds (64 KiB on Linux) never blocks on it and wait() always resolves. Decided once,
 * when `ready` has settled and every callback awaiting it has run (setImmediate): a stdout or
 * stderr pipe that has no consumer by then — no 'data' or 'readable' listener, never piped,
 * resumed or paused (`readableFlowing === null`) — is resumed and what it carries is discarded.
 * A reader attached before that point (in the tick of spawn(), or right after `await ready`)
 * gets every byte; until it is decided the child may block, never for longer than its own
 * registration takes. Not used with `buffer: true`, which reads both streams itself.
 */
export function drainUnread(child: ChildProcess, ready: Promise<unknown>): void {
  const decide = () => {
    for (const stream of [child.stdout, child.stderr]) if (stream && stream.readableFlowing === null) stream.resume();
  };
  const later = () => void setImmediate(decide);
  ready.then(later, later);
}
