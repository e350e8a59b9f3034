import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { expectNoSurvivors, makeStateDir, newOwnerId, type StateDir } from '@lifeline/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

describe("lifeline doctor's bun line", () => {
  let owner: string;
  let state: StateDir;
  let bin: string;
  beforeEach(async () => {
    owner = newOwnerId('cli-doctor-bun');
    state = await makeStateDir();
    bin = join(state.dir, 'shim-bin');
    await mkdir(bin);
  });
  afterEach(async () => {
    await expectNoSurvivors(owner);
    await state.cleanup();
  });
  const doctor = (PATH: string) => cli(['doctor'], { home: state.dir, owner, env: { PATH } });

  it('a #! shim on PATH whose binary cannot be found: says so, and that scripts will run with node', async () => {
    await writeFile(join(bin, 'bun'), '#!/usr/bin/env node\nrequire("../lib/nowhere.js")\n');
    await chmod(join(bin, 'bun'), 0o755);
    const r = await doctor([bin, dirname(process.execPath)].join(delimiter));
    expect(r.stdout).toMatch(/bun +bun on PATH \(.*shim-bin\/bun\) is a #! script whose bun binary could not be found/);
    expect(r.stdout).toMatch(/scripts will run with node/);
  });

  it('a #! shim naming a real binary: the binary, and where it was resolved from', async () => {
    const real = join(state.dir, 'opt', 'bun');
    await mkdir(dirname(real));
    await writeFile(real, '\x7fELF stand-in binary');
    await chmod(real, 0o755);
    await writeFile(join(bin, 'bun'), `#!/bin/sh\nexec "${real}" "$@"\n`);
    await chmod(join(bin, 'bun'), 0o755);
    const r = await doctor([bin, dirname(process.execPath)].join(delimiter));
    expect(r.stdout).toContain(`${real} (resolved from the #! script ${join(bin, 'bun')})`);
  });
});
