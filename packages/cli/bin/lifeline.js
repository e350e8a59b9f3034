#!/usr/bin/env node
// The `lifeline` bin is a committed shim, so installing the workspace can link it before
// anything is built (no "Failed to create bin" warning); the CLI itself is dist/main.js.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'lifeline is not built yet: run `npx -y pnpm@10.34.9 turbo run build --filter=@lifeline/cli...` in the checkout\n',
  );
  process.exit(1);
}
const { main: run } = await import(main.href);
await run(process.argv);
