#!/usr/bin/env node
// The `lifeline` bin is a committed shim, so installing the workspace can link it before
// anything is built (no "Failed to create bin" warning). It is CommonJS (bin/package.json) and
// loads CommonJS first: on Node 20 that starts faster than the ESM loader, and start-up time is a
// feature of `lifeline ps`. `--version` is answered here; a plain `ps` runs in dist/fast.cjs
// (one file, no ESM); everything else is dist/main.js (the commander program).
'use strict';
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { pathToFileURL } = require('node:url');

const args = process.argv.slice(2);
const dist = join(__dirname, '..', 'dist');
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // What commander prints for the program's `-V, --version` (program.ts).
  process.stdout.write(`${require('../package.json').version}\n`);
} else if (!existsSync(join(dist, 'main.js')) || !existsSync(join(dist, 'fast.cjs'))) {
  process.stderr.write(
    'lifeline is not built yet: run `npx -y pnpm@10.34.9 turbo run build --filter=@lifeline/cli...` in the checkout\n',
  );
  process.exitCode = 1;
} else if (!mayBePs(args) || !loadFast(join(dist, 'fast.cjs')).runFast(process.argv)) {
  import(pathToFileURL(join(dist, 'main.js')).href).then(({ main }) => main(process.argv));
}

/** Only a command line with ps's command word (ps-argv.ts decides the rest) is worth loading fast.cjs for. */
function mayBePs(words) {
  return words.includes('ps') || words.includes('ls') || words.includes('list');
}

/**
 * require(file), with V8's code cache that the build made by running a ps
 * (src/build/code-cache.ts): compiling fast.cjs and the functions ps calls is a good part of
 * ps's start-up. Nothing is written here. The cache is named by the V8 that made it: another
 * node finds none and compiles as usual; one V8 rejects anyway (other V8 flags) is ignored.
 * fast.cjs has no dynamic import() (the build checks): none could run from here.
 */
function loadFast(file) {
  let cachedData;
  try {
    cachedData = readFileSync(`${file}.${process.versions.v8}.v8cache`); // made by this V8 (code-cache.ts)
  } catch {
    return require(file); // no cache: compile as usual
  }
  const Module = require('node:module');
  const vm = require('node:vm');
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
  const loaded = new Module(file, module);
  loaded.filename = file;
  script.runInThisContext()(loaded.exports, Module.createRequire(file), loaded, file, dirname(file));
  loaded.loaded = true;
  require.cache[file] = loaded; // as require would: the one instance of the file in this process
  return loaded.exports;
}
