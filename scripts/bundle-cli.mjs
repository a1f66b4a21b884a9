/**
 * Bundles the CLI into dist/cli/ with esbuild: the command line, split into chunks so that a run
 * loads only what it uses: each collector (and the part of its AWS SDK client it calls,
 * tree-shaken from the SDK's ES modules) is a chunk of its own, loaded when the stack has a
 * resource of its service. The built-in checks are compiled in. esbuild splits ES modules only;
 * each chunk is then turned into a CommonJS module (`.cjs`), which `bin/postflight.cjs` loads
 * with V8's code cache (Node 20 has no code cache for ES modules).
 *
 * The library (`dist/src/`, the package's export) is still the TypeScript compiler's output.
 * Writes dist/cli/packages.json: for each chunk, the AWS SDK client packages (and zod) whose code
 * it holds (the start-up test reads it to tell which clients a run loaded).
 */
import { build, transform } from 'esbuild';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { Script } from 'node:vm';
import { copyFile, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'dist', 'cli');

// Collectors load their SDK client with `require` (see src/collect/sdk.ts), which esbuild leaves to
// run time. In the bundle the client is imported instead, so that esbuild takes the client's ES
// modules and keeps only the commands the collector sends.
const SDK_REQUIRE = /const\s*\{([^}]*)\}\s*=\s*requireSdk\(\s*'(@aws-sdk\/client-[a-z0-9-]+)'\s*,?\s*\)\s*as\s*typeof\s*import\('\2'\);/g;
const sdkImports = {
  name: 'sdk-imports',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]collect[\\/][^\\/]+\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replace(SDK_REQUIRE, (_m, names, pkg) => `import {${names}} from '${pkg}';`), loader: 'ts' };
    });
  },
};

// An SDK client's schemas are one module holding every shape of the service as array literals;
// the ones with computed keys (`{ [_xN]: ... }`, most of EC2's and S3's) look impure to esbuild and
// so were all kept. Each declaration is marked pure, so only the shapes of commands sent remain.
const SCHEMA_VAR = /^(export )?var ([A-Za-z0-9_$]+) = (\[[\s\S]*?\]);\n/gm;
const pureSchemas = {
  name: 'pure-schemas',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]@aws-sdk[\\/].*[\\/]dist-es[\\/](.*[\\/])?schemas[\\/]schemas_\d+\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replace(SCHEMA_VAR, (_m, exp, name, value) => `${exp ?? ''}var ${name} = /* @__PURE__ */ (() => ${value})();\n`), loader: 'js' };
    });
  },
};

// Every client postflight makes is given its HTTP/1.1 handler (src/collect/context.ts); only the
// defaults of clients such as Kinesis name the SDK's HTTP/2 handler, which would load Node's http2
// module into every run. In the bundle that handler is a class that says so if it is ever built.
const noHttp2 = {
  name: 'no-http2',
  setup(b) {
    b.onLoad({ filter: /[\\/]@smithy[\\/]node-http-handler[\\/]dist-es[\\/]node-http2-handler\.js$/ }, () => ({
      contents: [
        'export class NodeHttp2Handler {',
        "  static create(handler) { return typeof handler?.handle === 'function' ? handler : new NodeHttp2Handler(); }",
        "  constructor() { throw new Error('postflight sends its requests over HTTP/1.1: the HTTP/2 handler is not in its bundle'); }",
        '}',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

// commander requires child_process when it loads, for subcommands that are separate executables,
// which postflight has none of; loading it costs every start about 9 ms. In the bundle it is
// required the first time commander would spawn one.
const COMMANDER_CHILD_PROCESS = "const childProcess = require('node:child_process');";
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes(COMMANDER_CHILD_PROCESS)) throw new Error(`commander changed: ${args.path} no longer starts with \`${COMMANDER_CHILD_PROCESS}\``);
      return { contents: source.replace(COMMANDER_CHILD_PROCESS, "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };"), loader: 'js' };
    });
  },
};

// The built-in checks, compiled into a chunk of their own (verify and list-checks load it).
const CHECKS = 'postflight:built-in-checks';
const builtInChecks = {
  name: 'built-in-checks',
  setup(b) {
    b.onResolve({ filter: /^postflight:built-in-checks$/ }, () => ({ path: CHECKS, namespace: 'checks' }));
    b.onLoad({ filter: /.*/, namespace: 'checks' }, async () => {
      const names = (await readdir(join(ROOT, 'checks'))).filter((n) => n.endsWith('.check.ts')).sort();
      const lines = names.map((n, i) => `import * as c${i} from ${JSON.stringify(join(ROOT, 'checks', n))};`);
      // Named by where the compiled module sits (dist/checks/), as when it is read from there.
      lines.unshift(`import { fileURLToPath } from 'node:url';`);
      lines.push(`const dir = new URL('../checks/', import.meta.url);`);
      lines.push(`export default [${names.map((n, i) => `{ file: fileURLToPath(new URL(${JSON.stringify(n.replace(/\.ts$/, '.js'))}, dir)), module: c${i} }`).join(', ')}];`);
      return { contents: lines.join('\n'), loader: 'ts', resolveDir: join(ROOT, 'checks') };
    });
  },
};

// What every AWS SDK client shares (client core, signing, retry, the Node HTTP handler, the default
// credential chain and its first link, credentials from the environment): \`verify\` starts loading
// it while it reads the config, checks and sources (src/bundle.ts), before it knows which clients
// the stack needs.
const SDK_RUNTIME = 'postflight:sdk-runtime';
const sdkRuntime = {
  name: 'sdk-runtime',
  setup(b) {
    b.onResolve({ filter: /^postflight:sdk-runtime$/ }, () => ({ path: SDK_RUNTIME, namespace: 'sdk-runtime' }));
    b.onLoad({ filter: /.*/, namespace: 'sdk-runtime' }, () => ({
      contents: [
        "export { Client, NoOpLogger } from '@smithy/core/client';",
        "export { getHttpSigningPlugin, DefaultIdentityProviderConfig } from '@smithy/core';",
        "export { getRetryPlugin, resolveRetryConfig } from '@smithy/core/retry';",
        "export { loadConfig, resolveRegionConfig } from '@smithy/core/config';",
        "export { resolveEndpointConfig } from '@smithy/core/endpoints';",
        "export { getSchemaSerdePlugin } from '@smithy/core/schema';",
        "export { AwsSdkSigV4Signer } from '@aws-sdk/core/httpAuthSchemes';",
        "export { createDefaultUserAgentProvider, getUserAgentPlugin } from '@aws-sdk/core/client';",
        "export { NodeHttpHandler } from '@smithy/node-http-handler';",
        "export { defaultProvider } from '@aws-sdk/credential-provider-node';",
        "export { fromEnv } from '@aws-sdk/credential-provider-env';",
      ].join('\n'),
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
};

const ENTRY = `
import { registerBuiltInChecks } from './src/engine/builtin.ts';
import { registerSdkRuntime } from './src/bundle.ts';
registerBuiltInChecks(async () => (await import('${CHECKS}')).default);
registerSdkRuntime(() => import('${SDK_RUNTIME}'));
void import('./src/cli.ts');
`;

// The CLI takes its built-in checks as they are: each is validated here, from the compiled modules
// (dist/src, dist/checks, built first), as the library loads them.
const { loadChecks } = await import(pathToFileURL(join(ROOT, 'dist', 'src', 'engine', 'registry.js')).href);
await loadChecks();

// The version the CLI reports, as built (read once here, not at every start).
const VERSION = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version;

await rm(OUT, { recursive: true, force: true });
const result = await build({
  stdin: { contents: ENTRY, resolveDir: ROOT, sourcefile: 'postflight-cli.ts', loader: 'ts' },
  outdir: OUT,
  entryNames: 'cli',
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // The SDK's ES modules (its packages' `module` field and export condition) tree-shake.
  mainFields: ['module', 'main'],
  conditions: ['module'],
  define: { 'globalThis.__POSTFLIGHT_BUNDLE__': 'true', 'globalThis.__POSTFLIGHT_VERSION__': JSON.stringify(VERSION) },
  plugins: [sdkImports, pureSchemas, noHttp2, lazyChildProcess, builtInChecks, sdkRuntime],
  metafile: true,
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});

// Each chunk becomes a CommonJS module, `chunk.cjs` for `chunk.js`: its imports of other chunks
// `require` them, and its dynamic imports of chunks and of Node's modules go through
// `__pfImport` (bin/postflight.cjs), as do its other dynamic imports (a custom check's module),
// which the CLI's entry hands to Node's loader (V8 drops the loader of a script compiled from its
// code cache). `import.meta.url` is the chunk's URL (`__pfUrl`, set by the chunks that read it).
// A chunk's own `require` and `__filename` are the wrapper's.
const CHUNK_IMPORT = /\bimport\("(\.\/[^"]+)\.js"\)/g;
const NODE_IMPORT = /\bimport\("(node:[a-z_/]+)"\)/g;
const OTHER_IMPORT = /(?<![.\w$])import\((?!")/g;
const { wrap } = createRequire(import.meta.url)('../bin/postflight.cjs');
async function toCommonJs(file) {
  const code = (await readFile(file, 'utf8'))
    .replace(CHUNK_IMPORT, '__pfImport("$1.cjs")')
    .replace(NODE_IMPORT, '__pfImport("$1")')
    .replace(OTHER_IMPORT, '__pfImport(');
  if (/\bimport\("/.test(code)) throw new Error(`${file}: a dynamic import of a named module the bundle does not hold`);
  const out = await transform(code, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    define: { 'import.meta.url': '__pfUrl' },
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  let cjs = out.code.replace(/\brequire\("(\.\/[^"]+)\.js"\)/g, 'require("$1.cjs")');
  if (/\b__pfUrl\b/.test(cjs)) cjs = `var __pfUrl=require("node:url").pathToFileURL(__filename).href;${cjs}`;
  // Compiled here once, as the CLI will: a chunk that declares a name of the wrapper fails the build.
  new Script(wrap(cjs), { filename: file });
  await writeFile(file.replace(/\.js$/, '.cjs'), cjs);
  await unlink(file);
}
const chunks = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js'));
await Promise.all(chunks.map((f) => toCommonJs(join(ROOT, f))));

// The build's id, a digest of every chunk: the code cache of one build is never used for another.
const digest = createHash('sha256');
for (const f of chunks.sort()) digest.update(await readFile(join(ROOT, f.replace(/\.js$/, '.cjs'))));
await writeFile(join(OUT, 'build-id'), `${digest.digest('hex').slice(0, 16)}\n`);

// Data files the modules read beside themselves at run time.
for (const f of ['src/engine/frameworks.json', 'src/sources/cfn-types.json', 'src/sources/provider-types.json']) await copyFile(join(ROOT, f), join(OUT, basename(f)));

// For each chunk, the packages it holds code of that a run should load only when it needs them:
// the AWS SDK clients, and zod (the validator of config files and custom checks).
const TRACKED = /node_modules\/(@aws-sdk\/client-[a-z0-9-]+|zod)\//;
const packages = {};
for (const [file, out] of Object.entries(result.metafile.outputs)) {
  const pkgs = new Set();
  for (const input of Object.keys(out.inputs)) {
    const m = TRACKED.exec(input);
    if (m) pkgs.add(m[1]);
  }
  if (pkgs.size) packages[relative(OUT, join(ROOT, file)).replace(/\.js$/, '.cjs')] = [...pkgs].sort();
}
await writeFile(join(OUT, 'packages.json'), `${JSON.stringify(packages, null, 2)}\n`);
