import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBun } from './find-bun';

let dir: string;
const file = (path: string, content: string) => {
  const full = join(dir, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, content);
  chmodSync(full, 0o755);
  return full;
};
const ELF = '\x7fELF fake binary';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lifeline-find-bun-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('findBun', () => {
  it('takes a real bun binary on PATH', () => {
    const bun = file('bin/bun', ELF);
    expect(findBun({ PATH: join(dir, 'bin') }, undefined, dir)).toBe(bun);
  });

  it('a node_modules/.bin/bun shell wrapper resolves to the bun package binary beside it', () => {
    file('project/node_modules/.bin/bun', '#!/bin/sh\n"$basedir/../bun/bin/bun.exe" "$@"\n');
    const real = file('project/node_modules/bun/bin/bun.exe', ELF);
    expect(findBun({ PATH: join(dir, 'project/node_modules/.bin') }, undefined, '/')).toBe(real);
  });

  it('without bun on PATH, the bun npm package is resolved from the working directory', () => {
    file('project/node_modules/bun/package.json', '{"name":"bun","version":"1.4.5"}');
    const real = file('project/node_modules/bun/bin/bun.exe', ELF);
    expect(findBun({ PATH: '/nonexistent' }, undefined, join(dir, 'project'))).toBe(real);
    expect(findBun({ PATH: '/nonexistent' }, undefined, dir)).toBe(null);
  });

  it('an explicit path must be an executable binary, not a script', () => {
    const real = file('x/bun.exe', ELF);
    const script = file('x/bun', '#!/bin/sh\n');
    expect(findBun({ PATH: '' }, real)).toBe(real);
    expect(findBun({ PATH: '' }, script)).toBe(null);
    expect(findBun({ PATH: '' }, join(dir, 'missing'))).toBe(null);
  });
});
