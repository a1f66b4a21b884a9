#!/usr/bin/env node
// The CLI runs from the compiled output; `npm ci` builds it (the "prepare" script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('postflight: the compiled CLI is missing (dist/). Run `npm run build` in the postflight folder, then try again.\n');
  process.exit(2);
}
await import(entry.href);
