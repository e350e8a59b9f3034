import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Build step (tsup.config.ts): writes `<dist>/fast.cjs.<V8 version>.v8cache`, V8's code cache of
 * dist/fast.cjs after one `ps` over a small state directory made here (a live record — this
 * build's helper process, so memory and CPU are read — and a gone one), so the functions a ps
 * calls are in it. bin/lifeline.js compiles fast.cjs with it (the same Module.wrap source, which
 * is what V8 checks, with its version and flags). Nothing here is signalled.
 */
export function writeCodeCache(dist: string): void {
  const fast = resolve(dist, 'fast.cjs');
  // Named by the V8 that made it: the bin looks only for its own V8's cache, so a build made by
  // another node (turbo replays one build across node versions) costs a compile, never a rejection.
  const out = codeCachePath(fast);
  for (const name of readdirSync(dist)) if (CACHE_NAME.test(name)) rmSync(join(dist, name), { force: true });
  const state = mkdtempSync(join(tmpdir(), 'lifeline-code-cache-'));
  try {
    execFileSync(process.execPath, ['-e', HELPER, fast, out, state], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, LIFELINE_OWNER: process.env.LIFELINE_OWNER ?? 'lifeline-build-code-cache' },
    });
  } finally {
    rmSync(state, { recursive: true, force: true });
  }
  if (!existsSync(out) || statSync(out).size === 0) throw new Error(`no code cache was written to ${out}`);
}

/** Where the code cache of `fast` made by this process's V8 lives (bin/lifeline.js builds the same name). */
export const codeCachePath = (fast: string): string => `${fast}.${process.versions.v8}.v8cache`;

const CACHE_NAME = /^fast\.cjs\..+\.v8cache$/;

/** The helper process (argv: fast.cjs, cache file, state dir): records, one ps, the cache at exit. */
const HELPER = `
const [fast, out, state] = process.argv.slice(1);
const { readFileSync, writeFileSync } = require('node:fs');
const { join, dirname } = require('node:path');
const Module = require('node:module');
const vm = require('node:vm');
const at = new Date().toISOString();
const owner = { id: 'code-cache', pid: process.pid };
writeFileSync(join(state, 'active-pids.json'), JSON.stringify([
  { pid: process.pid, script_path: '/code-cache/live.mjs', started_at: at, owner, name: 'live' },
  { pid: 2147483645, script_path: '/code-cache/gone.mjs', started_at: at, start_time: '1', owner },
]));
const script = new vm.Script(Module.wrap(readFileSync(fast, 'utf8')), { filename: fast });
const loaded = new Module(fast, module);
loaded.filename = fast;
script.runInThisContext()(loaded.exports, Module.createRequire(fast), loaded, fast, dirname(fast));
process.on('exit', () => writeFileSync(out, script.createCachedData()));
if (!loaded.exports.runFast([process.execPath, 'lifeline', 'ps', '--state-dir', state])) process.exit(1);
`;
