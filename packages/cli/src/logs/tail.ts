import { type FileHandle, open } from 'node:fs/promises';

/** How a tail opens its file each time it reads; null: nothing to read now. */
export type Opener = (path: string) => Promise<FileHandle | null>;
const openPlain: Opener = (path) => open(path, 'r').catch(() => null);

import { StringDecoder } from 'node:string_decoder';

/**
 * Reads a growing file line by line: `last(n)` for the end of what is there, then `next()` for
 * each complete line appended since. A final line without its newline waits for the next read
 * (the writer may be mid-line); a file that shrank (truncated, rotated) is read from the start.
 */
export class LineTail {
  readonly path: string;
  #offset = 0;
  #partial = '';
  // A multi-byte character may be split between two reads.
  #decoder = new StringDecoder('utf8');

  readonly #open: Opener;

  constructor(path: string, offset = 0, opener: Opener = openPlain) {
    this.path = path;
    this.#offset = offset;
    this.#open = opener;
  }

  /** The last `n` complete lines (reading at most `maxBytes` from the end); later reads continue after them. */
  async last(n: number, maxBytes = 64 * 1024): Promise<string[]> {
    const handle = await this.#open(this.path);
    if (!handle) return [];
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, maxBytes);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      const text = buffer.toString('utf8');
      const end = text.lastIndexOf('\n') + 1;
      this.#offset = size - length + Buffer.byteLength(text.slice(0, end));
      const lines = text.slice(0, end).split('\n').slice(0, -1);
      if (size > length) lines.shift(); // cut by the byte window
      return n > 0 ? lines.slice(-n) : [];
    } finally {
      await handle.close();
    }
  }

  /** Complete lines appended since the last read. */
  async next(): Promise<string[]> {
    const handle = await this.#open(this.path);
    if (!handle) return [];
    try {
      const { size } = await handle.stat();
      if (size < this.#offset) {
        this.#offset = 0;
        this.#partial = '';
        this.#decoder = new StringDecoder('utf8');
      }
      if (size === this.#offset) return [];
      const buffer = Buffer.alloc(Math.min(size - this.#offset, 1024 * 1024));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.#offset);
      this.#offset += bytesRead;
      const lines = (this.#partial + this.#decoder.write(buffer.subarray(0, bytesRead))).split('\n');
      this.#partial = lines.pop() ?? '';
      return lines;
    } finally {
      await handle.close();
    }
  }
}

/** Calls `tick` every `ms` until SIGINT/SIGTERM, never two at once; resolves when stopped. */
export function pollUntilInterrupted(tick: () => Promise<void>, ms = 200): Promise<void> {
  return new Promise((resolve) => {
    let busy = false;
    const timer = setInterval(async () => {
      if (busy) return;
      busy = true;
      try {
        await tick();
      } finally {
        busy = false;
      }
    }, ms);
    const stop = () => {
      clearInterval(timer);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
