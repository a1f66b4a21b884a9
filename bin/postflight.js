#!/usr/bin/env node
// The CLI runs from its bundle (dist/cli/), built with the package (`npm ci` runs the "prepare"
// script); from the compiled modules (dist/src/) when only those were built.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli/cli.js', import.meta.url);
const compiled = new URL('../dist/src/cli.js', import.meta.url);
const entry = existsSync(fileURLToPath(bundle)) ? bundle : existsSync(fileURLToPath(compiled)) ? compiled : undefined;
if (!entry) {
  process.stderr.write('postflight: the compiled CLI is missing (dist/). Run `npm run build` in the postflight folder, then try again.\n');
  process.exit(2);
}
await import(entry.href);
