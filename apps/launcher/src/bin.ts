#!/usr/bin/env node
// A bin is a shim: everything lives in main.ts, importable without side effects.
import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`launcher: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
