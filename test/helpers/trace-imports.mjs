// Loaded with `node --import`: records every AWS SDK client package the process loads, by import
// or by require, one per line, in the file named by POSTFLIGHT_TRACE_FILE.
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
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const m = /^@aws-sdk\\/client-[a-z0-9-]+/.exec(specifier);
  if (m && process.env.POSTFLIGHT_TRACE_FILE) appendFileSync(process.env.POSTFLIGHT_TRACE_FILE, m[0] + '\\n');
  return next(specifier, context);
}`)}`,
  import.meta.url,
);
