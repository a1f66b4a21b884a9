/**
 * What `npm test` does before Jest: the build (`npm run build`) and the type check of the whole
 * tree (`npm run typecheck`), side by side, as each keeps one core busy and neither reads what the
 * other writes. Each one's output is printed once it ends, whole; exits 1 if either failed.
 */
import { spawn } from 'node:child_process';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(script) {
  return new Promise((resolve) => {
    const child = spawn(npm, ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (err) => resolve({ script, code: 1, out: `${out}${err.message}\n` }));
    child.on('close', (code) => resolve({ script, code: code ?? 1, out }));
  });
}

const results = await Promise.all([run('build'), run('typecheck')]);
for (const r of results) {
  process.stdout.write(`> npm run ${r.script}${r.code === 0 ? '' : ` (failed, exit code ${r.code})`}\n${r.out}`);
}
process.exit(results.every((r) => r.code === 0) ? 0 : 1);
