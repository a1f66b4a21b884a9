/**
 * The floor under "spawn → first AWS request" on this machine: a script that does nothing but send
 * the request postflight's run sends first (S3 GetBucketEncryption of one of the stack's buckets),
 * with the same AWS SDK client, bundled as the CLI is (esbuild, the SDK's ES modules, tree-shaken
 * to the one command, one CommonJS file) and loaded as the CLI loads its chunks (V8's code cache,
 * filled by a first run). No command line, config, checks or outputs file: what is left is Node's
 * own start and the SDK's first request. postflight's figure is read against it.
 */
import { build } from 'esbuild';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const ENTRY = `
import { GetBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const client = new S3Client({ region: process.env.AWS_REGION, endpoint: process.env.AWS_ENDPOINT_URL, forcePathStyle: true });
client.send(new GetBucketEncryptionCommand({ Bucket: process.argv[2] })).then(
  () => undefined,
  (err) => {
    process.stderr.write(\`\${err.name}: \${err.message}\\n\`);
    process.exitCode = 1;
  },
);
`;

// As bin/postflight.cjs loads a chunk: compiled inside a function wrapper, with the code cache
// written at exit when there was none (or V8 rejected it).
const LOADER = `'use strict';
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const file = path.join(__dirname, 'floor.js');
const entry = path.join(__dirname, 'floor.cache');
let cachedData;
try {
  cachedData = fs.readFileSync(entry);
} catch {
  // first run
}
const script = new vm.Script('(function (exports, require, module, __filename, __dirname) {' + fs.readFileSync(file, 'utf8') + '\\n})', { filename: file, cachedData });
if (cachedData === undefined || script.cachedDataRejected) process.once('exit', () => fs.writeFileSync(entry, script.createCachedData()));
const m = { exports: {} };
script.runInThisContext()(m.exports, require, m, file, __dirname);
`;

/** Bundles the script into `dir` (emptied first); returns the path to run with `node PATH BUCKET`. */
export async function buildFloor(root: string, dir: string): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: root, sourcefile: 'floor.mjs', loader: 'js' },
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    conditions: ['module'],
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  // A script has no import callback: the SDK's dynamic imports of Node's modules become requires,
  // as in the CLI's bundle (scripts/bundle-cli.mjs).
  const code = out.outputFiles[0]!.text.replace(/\bimport\("(node:[a-z_/]+)"\)/g, 'Promise.resolve().then(() => require("$1"))');
  if (/\bimport\(/.test(code)) throw new Error('the floor script kept a dynamic import a script cannot run');
  await writeFile(join(dir, 'floor.js'), code);
  await writeFile(join(dir, 'floor.cjs'), LOADER);
  return join(dir, 'floor.cjs');
}
