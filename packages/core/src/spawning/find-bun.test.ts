import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverBun, findBun } from './find-bun';

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

  it('a #! shim naming an absolute binary resolves to it (a global install, a version manager)', () => {
    const real = file('opt/bun-1.4/bun', ELF);
    file('bin/bun', `#!/bin/sh\nexec "${real}" "$@"\n`);
    expect(discoverBun({ PATH: join(dir, 'bin') }, undefined, '/')).toMatchObject({
      path: real,
      source: 'shim',
      shim: join(dir, 'bin/bun'),
    });
  });

  it("npm's bun package before its postinstall: the shim resolves to the platform package's binary", () => {
    file('project/node_modules/.bin/bun', '#!/bin/sh\n"$basedir/../bun/bin/bun.exe" "$@"\n');
    file('project/node_modules/bun/bin/bun.exe', '#!/usr/bin/env node\n// placeholder until install.js ran\n');
    const os = platform() === 'win32' ? 'windows' : platform();
    const cpu = arch() === 'arm64' ? 'aarch64' : arch();
    const real = file(`project/node_modules/@oven/bun-${os}-${cpu}/bin/bun`, ELF);
    expect(findBun({ PATH: join(dir, 'project/node_modules/.bin') }, undefined, '/')).toBe(real);
  });

  it('a shim whose binary is nowhere: no bun, and the note says why node is used', () => {
    file('bin/bun', '#!/usr/bin/env node\nrequire("../lib/cli.js")\n');
    const found = discoverBun({ PATH: join(dir, 'bin') }, undefined, '/');
    expect(found).toMatchObject({ path: null, shim: join(dir, 'bin/bun') });
    expect(found.note).toMatch(/is a #! script whose bun binary could not be found.*falls back to node/);
    expect(discoverBun({ PATH: '/nonexistent' }, undefined, '/').note).toMatch(/no bun on PATH/);
  });
});
