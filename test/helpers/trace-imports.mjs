// Loaded with `node --import`: records every AWS SDK client package the process loads, one per
// line, in the file named by POSTFLIGHT_TRACE_FILE: by import or by require of the package, and,
// for the CLI bundle (dist/cli/), by loading a chunk that holds the client's code (the build lists
// them in dist/cli/packages.json, with zod, which is recorded too), and Node's http2 module when an
// ES module imports it.
import { appendFileSync } from 'node:fs';
import Module, { register } from 'node:module';

const file = process.env.POSTFLIGHT_TRACE_FILE;
const CLIENT = /^@aws-sdk\/client-[a-z0-9-]+/;

const load = Module._load;
Module._load = function (request, ...rest) {
  const m = CLIENT.exec(request);
  if (m && file) appendFileSync(file, `${m[0]}\n`);
  return load.call(this, request, ...rest);
};

register(
  `data:text/javascript,${encodeURIComponent(`
import { appendFileSync, readFileSync } from 'node:fs';
const manifests = new Map();
function chunkClients(url) {
  const m = /^(file:.*\\/dist\\/cli\\/)([^/]+\\.js)$/.exec(url);
  if (!m) return [];
  if (!manifests.has(m[1])) manifests.set(m[1], JSON.parse(readFileSync(new URL('packages.json', m[1]), 'utf8')));
  return manifests.get(m[1])[m[2]] ?? [];
}
export async function resolve(specifier, context, next) {
  const file = process.env.POSTFLIGHT_TRACE_FILE;
  const m = /^@aws-sdk\\/client-[a-z0-9-]+/.exec(specifier);
  if (m && file) appendFileSync(file, m[0] + '\\n');
  if ((specifier === 'node:http2' || specifier === 'http2') && file) appendFileSync(file, 'node:http2\\n');
  const resolved = await next(specifier, context);
  if (file) for (const c of chunkClients(resolved.url)) appendFileSync(file, c + '\\n');
  return resolved;
}`)}`,
  import.meta.url,
);
