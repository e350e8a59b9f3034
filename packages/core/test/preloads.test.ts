import { existsSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expectNoSurvivors, newOwnerId } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManagedProcess, ManagerEvents } from '../src/index';
import { fixture, type Harness, makeManager } from './helpers';

/** The bun of the npm `bun` package the launcher depends on (this worktree's install). */
const BUN = fileURLToPath(new URL('../../../apps/launcher/node_modules/bun/bin/bun.exe', import.meta.url));

let owner: string;
beforeEach(() => {
  owner = newOwnerId('preloads');
});
afterEach(async () => {
  await expectNoSurvivors(owner);
});

function firstLine(child: ManagedProcess): Promise<Record<string, unknown>> {
  const lines = createInterface({ input: child.child.stdout! });
  return new Promise((resolve) => lines.once('line', (line) => resolve(JSON.parse(line))));
}

describe("spawnScript composes the host's SDK preload and Lifeline's watcher", () => {
  for (const runtime of ['bun', 'node'] as const) {
    it.skipIf(runtime === 'bun' && !existsSync(BUN))(
      `${runtime}: both load, the SDK first; the watcher still ends the script when its owner's pipe closes`,
      async () => {
        const h = await makeManager(owner, {
          runtime,
          bunPath: runtime === 'bun' ? BUN : undefined,
          sdkPreload: fixture('sdk-preload.mjs'),
        });
        try {
          const child = h.manager.spawnScript(fixture('sdk-script.mjs'), { stdio: ['ignore', 'pipe', 'inherit'] });
          const seen = firstLine(child);
          await child.ready;
          const flag = runtime === 'bun' ? '--preload' : '--import';
          const sdkArg = runtime === 'bun' ? fixture('sdk-preload.mjs') : `file://${fixture('sdk-preload.mjs')}`;
          expect(child.info.command).toContain(`${flag} ${sdkArg} ${flag} `);
          const report = await seen;
          // The SDK ran, before Lifeline's preload renamed the process; Lifeline's preload ran too.
          expect(report.sdk).toMatchObject({ loaded: true });
          expect(String((report.sdk as { titleAtLoad: string }).titleAtLoad)).not.toMatch(/^lifeline:/);
          expect(report.title).toBe('lifeline:sdk-script.mjs');
          // The owner watcher is live: our end of fd 3 closing (as when the owner dies) ends the script.
          (child.child.stdio[3] as Socket).destroy();
          expect((await child.wait()).exitCode).toBe(129);
        } finally {
          await h.close();
        }
      },
    );
  }

  it('sdkPreload: null for one script loads only the watcher; a missing SDK file is refused', async () => {
    const h: Harness = await makeManager(owner, { runtime: 'node', sdkPreload: fixture('sdk-preload.mjs') });
    try {
      const child = h.manager.spawnScript(fixture('sdk-script.mjs'), {
        sdkPreload: null,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      expect((await firstLine(child)).sdk).toBe(null);
      await h.manager.kill(child.pid);
      expect(() => h.manager.spawnScript(fixture('sdk-script.mjs'), { sdkPreload: '/nonexistent/kit-sdk.ts' })).toThrow(
        expect.objectContaining({ code: 'ERR_SCRIPT_NOT_FOUND' }),
      );
    } finally {
      await h.close();
    }
  });
});

describe("runtime 'auto' and a #! shim named bun", () => {
  it.skipIf(!existsSync(BUN))(
    'a shim that runs the real binary resolves to it: the script runs under bun',
    async () => {
      const h = await makeManager(owner);
      const bin = join(h.state.dir, 'shim-bin');
      await mkdir(bin);
      await writeFile(join(bin, 'bun'), `#!/bin/sh\nexec "${BUN}" "$@"\n`);
      await chmod(join(bin, 'bun'), 0o755);
      const m = await makeManager(owner, {
        env: { ...process.env, PATH: bin },
        sdkPreload: fixture('sdk-preload.mjs'),
      });
      try {
        const child = m.manager.spawnScript(fixture('sdk-script.mjs'), { stdio: ['ignore', 'pipe', 'inherit'] });
        await firstLine(child);
        expect(child.info.command.startsWith(BUN)).toBe(true);
        await m.manager.kill(child.pid);
      } finally {
        await m.close();
        await h.close();
      }
    },
  );

  it('a shim whose binary cannot be found: node runs the script, and the manager says why, once', async () => {
    const h = await makeManager(owner);
    const bin = join(h.state.dir, 'shim-bin');
    await mkdir(bin);
    await writeFile(join(bin, 'bun'), '#!/usr/bin/env node\nrequire("./nowhere")\n');
    await chmod(join(bin, 'bun'), 0o755);
    const m = await makeManager(owner, { env: { PATH: bin } });
    const said: ManagerEvents['runtime-fallback'][] = [];
    m.manager.on('runtime-fallback', (event: ManagerEvents['runtime-fallback']) => said.push(event));
    try {
      for (let i = 0; i < 2; i++) {
        const child = m.manager.spawnScript(fixture('script.mjs'), { stdio: 'ignore', cwd: '/' });
        expect(child.info.command.startsWith(process.execPath)).toBe(true);
        expect((await child.wait()).exitCode).toBe(0);
      }
      expect(said).toEqual([
        {
          runtime: 'node',
          shim: join(bin, 'bun'),
          reason: expect.stringMatching(/is a #! script whose bun binary could not be found.*falls back to node/),
        },
      ]);
    } finally {
      await m.close();
      await h.close();
    }
  });
});
