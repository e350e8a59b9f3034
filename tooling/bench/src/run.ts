/**
 * `pnpm bench [--quick] [suite…]`: runs every suite in src/suites (or those whose file name
 * contains one of the words given), in file order, and prints their tables with the machine's
 * description and load before and after. --quick runs each once with small sizes (CI uses it to
 * keep the suites from rotting; it checks that they run, not how fast). Exits 1 when any suite
 * throws or overruns its time limit.
 */
import { readdirSync } from 'node:fs';
import type { Suite } from './harness.js';
import { loadLine, machineLines } from './lib/machine.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.filter((a) => !a.startsWith('--'));
const dir = new URL('./suites/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
// A hung suite must fail the run, not stall CI forever.
const limitMs = (quick ? 3 : 20) * 60_000;

console.log(`# Lifeline benchmarks (${quick ? 'quick' : 'full'} run), ${new Date().toISOString()}\n`);
console.log(`${machineLines().join('\n')}\n- at start: ${loadLine()}\n- suites: ${files.join(', ')}\n`);
let failed = 0;
const started = performance.now();
for (const file of files) {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const suite = (await import(new URL(file, dir).href)).default as Suite;
    const overrun = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not finish within ${limitMs / 1000} s`)), limitMs);
    });
    await Promise.race([suite({ quick }), overrun]);
    console.log(`_${file}: ${((performance.now() - t0) / 1000).toFixed(1)} s, ${loadLine()}_\n`);
  } catch (error) {
    failed++;
    console.error(`suite ${file} failed:`, error);
  } finally {
    clearTimeout(timer);
  }
}
console.log(
  `- at end: ${loadLine()}; ${files.length} suites in ${((performance.now() - started) / 1000).toFixed(0)} s, ${failed} failed`,
);
process.exit(failed > 0 ? 1 : 0);
