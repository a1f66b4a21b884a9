// Loaded with `node --import`: records every AWS SDK client package the process loads, one per
// line, in the file named by POSTFLIGHT_TRACE_FILE: by require of the package (the clients of
// --stack, --role-arn, --drift and tag reads), and by reading a chunk of the CLI's bundle
// (dist/cli/) that holds the client's code (the CLI reads each chunk it loads; the build lists
// them in dist/cli/packages.json, with zod, which is recorded too); and Node's http2 module when
// it is required (the bundle's chunks import Node's modules with `require`).
import fs, { appendFileSync, readFileSync } from 'node:fs';
import Module from 'node:module';

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
