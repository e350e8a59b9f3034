import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module without types
import { checkLayers, findCycle } from './check.mjs';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const cli = fileURLToPath(new URL('./cli.mjs', import.meta.url));

function pkg(root: string, dir: string, manifest: object, source = 'export {};\n') {
  mkdirSync(join(root, dir, 'src'), { recursive: true });
  writeFileSync(join(root, dir, 'package.json'), JSON.stringify(manifest));
  writeFileSync(join(root, dir, 'src', 'index.ts'), source);
}

describe('layering check', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'layers-'));
    pkg(root, 'packages/platform-kill', { name: '@lifeline/platform-kill' });
    pkg(root, 'packages/persistence', { name: '@lifeline/persistence' });
    pkg(
      root,
      'packages/core',
      { name: '@lifeline/core', dependencies: { '@lifeline/platform-kill': 'workspace:^' } },
      "import { terminate } from '@lifeline/platform-kill';\n",
    );
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('passes on the real workspace', () => {
    expect(checkLayers(repoRoot)).toEqual([]);
    const run = spawnSync(process.execPath, [cli, repoRoot], { encoding: 'utf8' });
    expect(run.status).toBe(0);
  });

  it('passes a clean layered workspace', () => {
    expect(checkLayers(root)).toEqual([]);
  });

  it('fails when a lower layer imports a higher one, and the CLI exits 1', () => {
    writeFileSync(
      join(root, 'packages/platform-kill/src/index.ts'),
      "import { createManager } from '@lifeline/core';\n",
    );
    expect(checkLayers(root).join('\n')).toMatch(/platform-kill\/src\/index\.ts imports @lifeline\/core/);
    const run = spawnSync(process.execPath, [cli, root], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/layering check failed/);
  });

  it('fails on a declared dependency that goes up a layer', () => {
    pkg(root, 'packages/persistence', {
      name: '@lifeline/persistence',
      dependencies: { '@lifeline/cli': 'workspace:^' },
    });
    expect(checkLayers(root).join('\n')).toMatch(/@lifeline\/persistence depends on @lifeline\/cli/);
  });

  it('lets persistence use platform-kill (the single bottom layer), never the other way round', () => {
    pkg(
      root,
      'packages/persistence',
      { name: '@lifeline/persistence', dependencies: { '@lifeline/platform-kill': 'workspace:^' } },
      "import { liveness } from '@lifeline/platform-kill';\n",
    );
    expect(checkLayers(root)).toEqual([]);
    pkg(
      root,
      'packages/platform-kill',
      { name: '@lifeline/platform-kill', dependencies: { '@lifeline/persistence': 'workspace:^' } },
      "import { openRegistry } from '@lifeline/persistence';\n",
    );
    const errors = checkLayers(root).join('\n');
    expect(errors).toMatch(/@lifeline\/platform-kill depends on @lifeline\/persistence/);
    expect(errors).toMatch(/platform-kill\/src\/index\.ts imports @lifeline\/persistence/);
  });

  it('fails on an import that is allowed but undeclared', () => {
    writeFileSync(join(root, 'packages/core/src/extra.ts'), "export * from '@lifeline/persistence';\n");
    expect(checkLayers(root).join('\n')).toMatch(/without declaring it/);
  });

  it('fails when production code imports a test-only package', () => {
    writeFileSync(join(root, 'packages/core/src/x.ts'), "import { waitFor } from '@lifeline/test-utils';\n");
    writeFileSync(join(root, 'packages/core/src/x.test.ts'), "import { waitFor } from '@lifeline/test-utils';\n");
    const errors = checkLayers(root);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/core\/src\/x\.ts imports @lifeline\/test-utils, which is for tests only/);
  });

  it('finds a cycle between tooling packages', () => {
    pkg(root, 'tooling/a', { name: '@lifeline/a', devDependencies: { '@lifeline/b': '*' } });
    pkg(root, 'tooling/b', { name: '@lifeline/b', dependencies: { '@lifeline/a': '*' } });
    expect(checkLayers(root).join('\n')).toMatch(/dependency cycle: @lifeline\/a -> @lifeline\/b -> @lifeline\/a/);
  });

  it('findCycle returns null for a DAG', () => {
    const g = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set<string>()],
    ]);
    expect(findCycle(g)).toBeNull();
  });
});
