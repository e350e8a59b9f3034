import { open } from 'node:fs/promises';

/**
 * The last `maxLines` lines of a log file, reading at most `maxBytes` from its end, so a
 * chatty script's huge log never slows the UI. A missing file reads as no lines.
 */
export async function readTail(path: string, maxLines: number, maxBytes = 32 * 1024): Promise<string[]> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch {
    return [];
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split(/\r?\n/);
    if (size > length) lines.shift(); // the first line was cut
    if (lines.at(-1) === '') lines.pop();
    return lines.slice(-maxLines);
  } finally {
    await handle.close();
  }
}
