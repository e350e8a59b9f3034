import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { fixture, useManager } from './helpers';

const MiB = 1024 * 1024;
const h = useManager();

const count = (stream: Readable | null) =>
  new Promise<number>((resolve, reject) => {
    let bytes = 0;
    stream!.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    stream!.once('end', () => resolve(bytes));
    stream!.once('error', reject);
  });

describe('output nobody reads (default stdio: pipe)', () => {
  it('spawn: a child writing 10 MiB to stdout and stderr at once, unread, exits and wait() resolves', async () => {
    const child = h.manager.spawn(process.execPath, [fixture('flood.mjs'), '10']);
    expect((await child.wait()).exitCode).toBe(0);
  });

  it('spawnScript: the same, unread', async () => {
    const child = h.manager.spawnScript(fixture('flood.mjs'), { args: ['10'], runtime: 'node' });
    expect((await child.wait()).exitCode).toBe(0);
  });

  it('read through the returned streams (attached when spawn returns): every byte arrives', async () => {
    const child = h.manager.spawn(process.execPath, [fixture('flood.mjs'), '10']);
    const [out, err] = [count(child.child.stdout), count(child.child.stderr)];
    expect((await child.wait()).exitCode).toBe(0);
    expect(await out).toBe(10 * MiB);
    expect(await err).toBe(10 * MiB);
  });

  it('read through the returned streams attached right after `await ready`: every byte arrives', async () => {
    const child = h.manager.spawn(process.execPath, [fixture('flood.mjs'), '10']);
    await child.ready;
    const [out, err] = [count(child.child.stdout), count(child.child.stderr)];
    expect((await child.wait()).exitCode).toBe(0);
    expect(await out).toBe(10 * MiB);
    expect(await err).toBe(10 * MiB);
  });

  it('buffer: true collects both streams whole', async () => {
    const child = h.manager.spawn(process.execPath, [fixture('flood.mjs'), '2'], { buffer: true });
    const result = await child.wait();
    expect(result.stdout?.length).toBe(2 * MiB);
    expect(result.stderr?.length).toBe(2 * MiB);
  });
});
