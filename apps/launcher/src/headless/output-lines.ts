import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';

export interface OutputSource {
  script: string;
  pid: number | null;
  logFile: string;
}

/**
 * Follows the output files of headless runs and hands over each complete line with its run, so
 * script output appears between the lifecycle lines as it is written (the same `name |` lines
 * as `lifeline logs`). `drain()` reads what is left; call it once the runs have ended.
 */
export class OutputFollower {
  readonly #sources: Array<{ source: OutputSource; offset: number; partial: string; decoder: StringDecoder }> = [];
  readonly #sink: (source: OutputSource, line: string) => void;
  #timer: NodeJS.Timeout | undefined;
  #busy: Promise<void> = Promise.resolve();

  constructor(sink: (source: OutputSource, line: string) => void, intervalMs = 100) {
    this.#sink = sink;
    this.#timer = setInterval(() => void this.#queue(), intervalMs);
    this.#timer.unref();
  }

  add(source: OutputSource): void {
    this.#sources.push({ source, offset: 0, partial: '', decoder: new StringDecoder('utf8') });
  }

  /** Reads everything written so far (a last line without newline too) and stops following. */
  async drain(): Promise<void> {
    clearInterval(this.#timer);
    await this.#queue();
    for (const s of this.#sources) {
      const rest = s.partial + s.decoder.end();
      if (rest) this.#sink(s.source, rest);
      s.partial = '';
    }
  }

  #queue(): Promise<void> {
    this.#busy = this.#busy.then(() => this.#readAll()).catch(() => undefined);
    return this.#busy;
  }

  async #readAll(): Promise<void> {
    for (const s of this.#sources) {
      const handle = await open(s.source.logFile, 'r').catch(() => null);
      if (!handle) continue;
      try {
        const { size } = await handle.stat();
        if (size <= s.offset) continue;
        const buffer = Buffer.alloc(Math.min(size - s.offset, 1024 * 1024));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, s.offset);
        s.offset += bytesRead;
        const lines = (s.partial + s.decoder.write(buffer.subarray(0, bytesRead))).split('\n');
        s.partial = lines.pop() ?? '';
        for (const line of lines) this.#sink(s.source, line.replace(/\r$/, ''));
      } finally {
        await handle.close();
      }
    }
  }
}
