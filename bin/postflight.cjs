#!/usr/bin/env node
'use strict';
// The CLI runs from its bundle (dist/cli/, built with the package: `npm ci` runs the "prepare"
// script), and from the compiled modules (dist/src/) when only those were built.
//
// The bundle's chunks are CommonJS modules, loaded here rather than by Node's loaders so that each
// is compiled with V8's code cache: most of a run's start is otherwise spent compiling the same
// code again. The cache sits where Node's own compile cache would (NODE_COMPILE_CACHE, else
// <tmp>/node-compile-cache), in a folder of this user's for this build (dist/cli/build-id, a
// digest of the chunks), this Node and its options, and NODE_DISABLE_COMPILE_CACHE=1 turns it off,
// as it does Node's. The folder is what ties an entry to its code: V8 itself checks only the
// code's length, its own version and its flags. An entry it rejects (damaged, other flags) only
// costs the compile: the chunk is compiled from source and the entry written again.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const BUNDLE = path.join(__dirname, '..', 'dist', 'cli');

// The names a chunk sees (scripts/bundle-cli.mjs): CommonJS's, and `__pfImport` for its dynamic
// imports of other chunks, of Node's modules and of any other module.
const wrap = (code) => `(function (exports, require, module, __filename, __dirname, __pfImport) {${code}\n})`;

function cacheFolder(build) {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  const root = process.env.NODE_COMPILE_CACHE || path.join(require('node:os').tmpdir(), 'node-compile-cache');
  // V8 rejects an entry made under other flags: runs given other Node options keep their own.
  const options = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join('\n').trim();
  let hash = 0x811c9dc5;
  for (let i = 0; i < options.length; i++) hash = Math.imul(hash ^ options.charCodeAt(i), 0x01000193) >>> 0;
  const dir = path.join(root, 'postflight', `${process.version}-${process.arch}-${build}${options ? `-${hash.toString(16)}` : ''}`);
  try {
    // The shared folder as Node would make it; postflight's own, only for this user.
    fs.mkdirSync(root, { recursive: true });
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Code from a folder another user can write to is never run.
    const st = fs.statSync(dir);
    if (typeof process.getuid === 'function' && (st.uid !== process.getuid() || (st.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

function run(build) {
  const cache = cacheFolder(build);
  const modules = new Map();
  // Chunks compiled without a usable cache entry: their entries are written when the run ends,
  // with the code V8 compiled lazily during the run.
  const fresh = [];
  // A chunk names another as `./name.cjs`, always in this folder.
  const requireChunk = (id) => (id.startsWith('./') ? load(id.slice(2)) : require(id));
  // A chunk's dynamic imports: of another chunk, of Node's modules, and of anything else (a custom
  // check's module), which Node's loader imports from here.
  const importChunk = (id) => {
    if (typeof id === 'string' && id.startsWith('./')) return new Promise((resolve) => resolve(load(id.slice(2))));
    if (typeof id === 'string' && id.startsWith('node:')) {
      return new Promise((resolve) => {
        const m = require(id);
        resolve({ ...m, default: m });
      });
    }
    return import(id);
  };
  function load(name) {
    const known = modules.get(name);
    if (known) return known.exports;
    const module = { exports: {} };
    modules.set(name, module);
    const file = BUNDLE + path.sep + name;
    const entry = cache && `${cache}${path.sep}${name}.bin`;
    let cachedData;
    if (entry) {
      try {
        cachedData = fs.readFileSync(entry);
      } catch {
        // not cached yet
      }
    }
    const script = new vm.Script(wrap(fs.readFileSync(file, 'utf8')), {
      filename: file,
      cachedData,
    });
    if (entry && (cachedData === undefined || script.cachedDataRejected)) fresh.push([script, entry]);
    script.runInThisContext()(module.exports, requireChunk, module, file, BUNDLE, importChunk);
    return module.exports;
  }
  if (cache) {
    process.once('exit', () => {
      for (const [script, entry] of fresh) {
        const part = `${entry}.${process.pid}`;
        try {
          fs.writeFileSync(part, script.createCachedData(), { mode: 0o600 });
          fs.renameSync(part, entry);
        } catch {
          // A cache that cannot be written is only a slower next start.
          try {
            fs.rmSync(part, { force: true });
          } catch {
            // nothing to clean
          }
        }
      }
    });
  }
  load('cli.cjs');
}

if (require.main === module) {
  let build;
  try {
    build = fs.readFileSync(path.join(BUNDLE, 'build-id'), 'utf8').trim();
  } catch {
    // no bundle
  }
  const compiled = path.join(__dirname, '..', 'dist', 'src', 'cli.js');
  if (build) run(build);
  else if (fs.existsSync(compiled)) import(require('node:url').pathToFileURL(compiled).href);
  else {
    process.stderr.write('postflight: the compiled CLI is missing (dist/). Run `npm run build` in the postflight folder, then try again.\n');
    process.exitCode = 2;
  }
}

module.exports = { wrap };
