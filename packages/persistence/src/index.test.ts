import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as main from './index';

const srcDir = dirname(fileURLToPath(import.meta.url));

describe('the main entry', () => {
  it('exports the public API and no internal helper', () => {
    expect(Object.keys(main).sort()).toEqual(
      [
        'LAYOUT_PRESETS',
        'MAX_PID',
        'PersistenceError',
        'checkLayout',
        'ensureStateDir',
        'isLegacyRecord',
        'openLayout',
        'openLayoutPidFile',
        'openOwners',
        'openPidFile',
        'openRegistry',
        'prepareLogFile',
        'preparePrivateDir',
        'resolveLayout',
      ].sort(),
    );
  });
});

/** Relative imports of every non-test source file, as a graph of paths under src/. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        const text = readFileSync(path, 'utf8');
        const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1] as string);
        graph.set(
          relative(srcDir, path),
          specs.map((spec) => `${relative(srcDir, resolve(dirname(path), spec))}.ts`),
        );
      }
    }
  };
  walk(srcDir);
  return graph;
}

describe('imports inside the package', () => {
  it('flow one way: no file reaches itself through its imports (type imports included)', () => {
    const graph = importGraph();
    expect(graph.size).toBeGreaterThan(20);
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, stack: string[]) => {
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), file, next].join(' -> '));
        else if (!state.has(next)) visit(next, [...stack, file]);
      }
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
