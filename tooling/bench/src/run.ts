/**
 * `pnpm bench [--quick] [suite…]`: runs every suite in src/suites (or those named), in file
 * order, and prints their tables. --quick runs each once with small sizes (CI uses it to keep
 * the suites from rotting; it checks that they run, not how fast).
 */
import { readdirSync } from 'node:fs';
import type { Suite } from './harness.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.filter((a) => !a.startsWith('--'));
const dir = new URL('./suites/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

console.log(
  `# Lifeline benchmarks (${quick ? 'quick' : 'full'} run), node ${process.version}, ${new Date().toISOString()}\n`,
);
let failed = 0;
for (const file of files) {
  const suite = (await import(new URL(file, dir).href)).default as Suite;
  try {
    await suite({ quick });
  } catch (error) {
    failed++;
    console.error(`suite ${file} failed:`, error);
  }
}
process.exit(failed > 0 ? 1 : 0);
