#!/usr/bin/env node
// The one test command: builds what the tests need, runs every package's tests
// through turbo, then sums the per-package vitest JSON reports into one closing
// line "N passed, N failed" counting tests (not files), so a run that tested nothing is visible.
// Extra arguments go to turbo (e.g. --filter=@lifeline/core).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const groups = ['packages', 'apps', 'tooling'];
const reports = groups.flatMap((g) =>
  existsSync(join(root, g)) ? readdirSync(join(root, g)).map((d) => join(root, g, d, '.vitest-report.json')) : [],
);
for (const r of reports) rmSync(r, { force: true });

const turbo = join(root, 'node_modules', '.bin', 'turbo');
// turbo finds the package manager by looking for its binary on PATH. A machine with only Node and
// npm has none unless this script is started through pnpm (`npx -y pnpm@X run test:all` puts the
// fetched pnpm on PATH), so say so plainly instead of turbo's "cannot find binary path".
const onPath = (name) => (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, name)));
if (!onPath(process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm')) {
  const pm = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager;
  console.error(`test-all: no pnpm on PATH; run it as \`npx -y ${pm} run test:all\``);
  process.exit(1);
}
const run = spawnSync(
  turbo,
  ['run', 'test', '--concurrency=1', '--continue', '--output-logs=new-only', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, LIFELINE_TEST_REPORT: '1' },
  },
);

let passed = 0;
let failed = 0;
let skipped = 0;
// Files that failed without a failed test in them (an import error, a failing afterAll): they are
// not tests, so they are named on a line of their own instead of being added to "failed".
let brokenFiles = 0;
for (const file of reports) {
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  for (const suite of report.testResults ?? []) {
    const failedTests = (suite.assertionResults ?? []).filter((t) => t.status === 'failed').length;
    if (suite.status === 'failed' && failedTests === 0) brokenFiles += 1;
  }
}
// A crash before any report, or a broken file, still fails the run (and the CI line) as one failure.
if ((run.status !== 0 || brokenFiles > 0) && failed === 0) failed = 1;
const resultsDir = join(root, '.cache', 'test-results');
mkdirSync(resultsDir, { recursive: true });
writeFileSync(
  join(resultsDir, `node-${process.versions.node.split('.')[0]}.json`),
  JSON.stringify({ node: process.version, passed, failed, skipped }),
);
console.log(`node ${process.version}`);
if (brokenFiles > 0) console.log(`${brokenFiles} test file(s) failed outside any test (see above)`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
