import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeStateDir } from '@lifeline/test-utils';
import { describe, expect, it } from 'vitest';
import { defaultScriptsDir } from './default-dir';
import { discoverScripts, filterScripts, findScript } from './discover';

describe('script catalog', () => {
  it('lists the shipped demo scripts with their descriptions', async () => {
    const scripts = await discoverScripts(defaultScriptsDir());
    expect(scripts.map((s) => s.name)).toEqual(['crash', 'hello', 'http-server', 'spawner', 'stubborn', 'timer']);
    expect(scripts.every((s) => s.description.length > 0 && !s.needsBun)).toBe(true);
  });

  it('filters by name first, then description', async () => {
    const scripts = await discoverScripts(defaultScriptsDir());
    expect(filterScripts(scripts, 'ti')[0]?.name).toBe('timer'); // "greeting" in hello's description comes after
    expect(filterScripts(scripts, 'SETSID').map((s) => s.name)).toEqual(['spawner']);
    expect(filterScripts(scripts, '')).toHaveLength(6);
    expect(() => findScript(scripts, 'nope')).toThrow('no script named "nope"; available: crash, hello');
  });

  it('explains a missing, non-folder or empty scripts folder', async () => {
    const dir = await makeStateDir('launcher-catalog-');
    try {
      await expect(discoverScripts(join(dir.dir, 'missing'))).rejects.toThrow(/missing does not exist/);
      await writeFile(join(dir.dir, 'file.txt'), 'x');
      await expect(discoverScripts(join(dir.dir, 'file.txt'))).rejects.toThrow(/is not a folder/);
      await mkdir(join(dir.dir, 'empty'));
      await writeFile(join(dir.dir, 'empty', 'notes.md'), '# not a script');
      await expect(discoverScripts(join(dir.dir, 'empty'))).rejects.toThrow(/has no scripts/);
    } finally {
      await dir.cleanup();
    }
  });
});
