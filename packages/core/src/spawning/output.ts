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
