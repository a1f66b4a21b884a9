// Loaded with `node --import`: records every AWS SDK client package the process loads, one per
// line, in the file named by POSTFLIGHT_TRACE_FILE: by import or by require of the package, and,
// for the CLI bundle (dist/cli/), by reading a chunk that holds the client's code (the CLI reads
// each chunk it loads; the build lists them in dist/cli/packages.json, with zod, which is recorded
// too), and Node's http2 module when it is imported or required.
import fs, { appendFileSync, readFileSync } from 'node:fs';
import Module, { register } from 'node:module';

const file = process.env.POSTFLIGHT_TRACE_FILE;
const CLIENT = /^@aws-sdk\/client-[a-z0-9-]+/;

const load = Module._load;
Module._load = function (request, ...rest) {
  const m = CLIENT.exec(request);
  if (m && file) appendFileSync(file, `${m[0]}\n`);
  if ((request === 'node:http2' || request === 'http2') && file) appendFileSync(file, 'node:http2\n');
  return load.call(this, request, ...rest);
};

const manifests = new Map();
const read = fs.readFileSync;
fs.readFileSync = function (path, ...rest) {
  const m = typeof path === 'string' ? /^(.*\/dist\/cli\/)([^/]+\.cjs)$/.exec(path) : null;
  if (m && file) {
    if (!manifests.has(m[1])) manifests.set(m[1], JSON.parse(readFileSync(`${m[1]}packages.json`, 'utf8')));
    for (const c of manifests.get(m[1])[m[2]] ?? []) appendFileSync(file, `${c}\n`);
  }
  return read.call(this, path, ...rest);
};

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const file = process.env.POSTFLIGHT_TRACE_FILE;
  const m = /^@aws-sdk\\/client-[a-z0-9-]+/.exec(specifier);
  if (m && file) appendFileSync(file, m[0] + '\\n');
  if ((specifier === 'node:http2' || specifier === 'http2') && file) appendFileSync(file, 'node:http2\\n');
  return next(specifier, context);
}`)}`,
  import.meta.url,
);
