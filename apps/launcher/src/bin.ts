#!/usr/bin/env node
// A bin is a shim: everything lives in main.ts, importable without side effects. ink is loaded
// first, with the terminal-aware environment (see interactive-env.ts).
import { neutraliseCiForTerminal } from './interactive-env';

const restore = neutraliseCiForTerminal();
// ink reads the environment once, when it is first evaluated: evaluate it now, then restore.
if (process.stdout.isTTY) await import('ink');
restore();
const { main } = await import('./main');

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`launcher: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
