import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { fixture, makeManager, useManager } from './helpers';

const h = useManager({ runtime: 'node' });

describe('spawnScript', () => {
  it('runs the script with node --import <preload>: titled, tagged, watching fd 3', async () => {
    const child = h.manager.spawnScript(fixture('script.mjs'), {
      args: ['5'],
      buffer: true,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    expect(child.info.scriptPath).toBe(fixture('script.mjs'));
    expect(child.info.command).toMatch(/--import file:\/\/.*preload\.js .*script\.mjs 5$/);
    const exit = await child.wait();
    expect(exit.exitCode).toBe(5);
    const seen = JSON.parse(String(exit.stdout));
    expect(seen).toEqual({ title: 'lifeline:script.mjs', parentFd: null, owner: h.owner, args: ['5'] });
  });

  it('watchParent: false leaves fd 3 alone', async () => {
    const child = h.manager.spawnScript(fixture('script.mjs'), { watchParent: false, buffer: true });
    const result = await child.wait();
    expect(JSON.parse(String(result.stdout)).parentFd).toBe(null);
    expect(result.stderr).toBe('');
    expect(child.child.stdio.length).toBe(3);
  });

  it('a missing script is ERR_SCRIPT_NOT_FOUND and registers nothing', () => {
    expect(() => h.manager.spawnScript('/nonexistent/script.ts')).toThrow(
      expect.objectContaining({
        code: 'ERR_SCRIPT_NOT_FOUND',
        message: expect.stringContaining('/nonexistent/script.ts'),
      }),
    );
    expect(() => h.manager.spawnScript(undefined as unknown as string)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
    expect(h.manager.list()).toEqual([]);
  });

  it("runtime 'bun' without bun on PATH is ERR_RUNTIME_NOT_FOUND; 'auto' falls back to node", async () => {
    const noBun = await makeManager(h.owner, { env: { PATH: '/nonexistent' } });
    try {
      expect(() => noBun.manager.spawnScript(fixture('script.mjs'), { runtime: 'bun' })).toThrow(
        expect.objectContaining({ code: 'ERR_RUNTIME_NOT_FOUND' }),
      );
      const child = noBun.manager.spawnScript(fixture('script.mjs'), { runtime: 'auto', stdio: 'ignore' });
      expect(child.info.command.startsWith(process.execPath)).toBe(true);
      expect((await child.wait()).exitCode).toBe(0);
    } finally {
      await noBun.close();
    }
  });
});

const BUN = '/work/main/apps/launcher/node_modules/bun/bin/bun.exe';

describe('the default preload watches fd 3 under both runtimes', () => {
  for (const runtime of ['node', 'bun'] as const) {
    it.skipIf(runtime === 'bun' && !existsSync(BUN))(
      `${runtime}: EOF on fd 3 (our end closed) makes the script exit 129`,
      async () => {
        const m = await makeManager(h.owner, { runtime, bunPath: runtime === 'bun' ? BUN : undefined });
        try {
          const child = m.manager.spawnScript(fixture('wait.mjs'), { stdio: ['ignore', 'pipe', 'inherit'] });
          // The script announces itself once the preload ran; then we close our end of its fd 3.
          // Listen at once: the line may come before `ready` resolves.
          const running = new Promise((resolve) => child.child.stdout!.once('data', resolve));
          await child.ready;
          await running;
          expect(child.info.command.startsWith(runtime === 'bun' ? BUN : process.execPath)).toBe(true);
          (child.child.stdio[3] as Socket).destroy();
          expect((await child.wait()).exitCode).toBe(129);
        } finally {
          await m.close();
        }
      },
    );
  }
});
