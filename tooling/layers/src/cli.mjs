#!/usr/bin/env node
// Usage: lifeline-check-layers [workspace-root]  — exits 1 and lists violations, 0 when clean.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLayers } from './check.mjs';

const root = resolve(process.argv[2] ?? fileURLToPath(new URL('../../..', import.meta.url)));
const errors = checkLayers(root);
if (errors.length > 0) {
  console.error(`layering check failed (${errors.length}):`);
  for (const e of errors) console.error(`  - ${e}`);
  process.exit(1);
}
console.log('layering check: ok');
