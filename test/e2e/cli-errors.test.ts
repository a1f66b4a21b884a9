/**
 * Bad input gets one clear sentence naming the file or flag and the fix, exit 2, no stack
 * trace, and no report left behind.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, runCli } from '../helpers/cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'postflight-cli-'));
});

const GOOD = JSON.stringify({ TapStackdev: { data_bucket_name: 'pipeline-sensor-data-dev' } });

async function run(args: string[], files: Record<string, string> = {}) {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  // Nothing listens on port 9: a run that got as far as AWS would show errors, not exit 2.
  const r = await runCli(args, { cwd: dir, env: cleanEnv({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'us-east-1' }) });
  return r;
}

function expectUsageError(r: { code: number | null; stderr: string; stdout: string }, pattern: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^postflight: /);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(join(dir, 'reports'))).toBe(false);
}

describe('bad input', () => {
  it('an unknown flag', async () => {
    expectUsageError(await run(['verify', '--frobnicate']), /unknown option '--frobnicate'.*--help/);
  });

  it('an unknown command', async () => {
    expectUsageError(await run(['verfy']), /unknown command 'verfy'/);
  });

  it('a missing outputs file (the default path)', async () => {
    expectUsageError(await run(['verify']), /cfn-outputs\/flat-outputs\.json/);
  });

  it('an outputs file that is not JSON, with line and column', async () => {
    expectUsageError(await run(['verify', '--outputs', 'o.json'], { 'o.json': '{\n  "a": "b",\n  oops\n}' }), /o\.json.*line 3/);
  });

  it('--only naming a check that does not exist', async () => {
    expectUsageError(await run(['verify', '--outputs', 'o.json', '--only', 'no-such-check'], { 'o.json': GOOD }), /"no-such-check".*list-checks/);
  });

  it('a config file with an unknown key', async () => {
    expectUsageError(
      await run(['verify', '--outputs', 'o.json'], { 'o.json': GOOD, 'postflight.config.json': JSON.stringify({ regoin: 'us-east-1' }) }),
      /postflight\.config\.json.*"regoin"/,
    );
  });

  it('a config file with a wrong type', async () => {
    expectUsageError(
      await run(['verify', '--outputs', 'o.json', '--config', 'pf.json'], { 'o.json': GOOD, 'pf.json': JSON.stringify({ aws: { concurrency: 'lots' } }) }),
      /pf\.json.*aws\.concurrency/,
    );
  });

  it('config params for a check that does not exist', async () => {
    expectUsageError(
      await run(['verify', '--outputs', 'o.json'], { 'o.json': GOOD, 'postflight.config.json': JSON.stringify({ params: { 'no-such-check': { x: 1 } } }) }),
      /"no-such-check", which is not a check/,
    );
  });

  it('an outputs file that names no AWS resource, unless --allow-empty', async () => {
    const files = { 'o.json': JSON.stringify({ url: 'https://example.com', port: 5432 }) };
    expectUsageError(await run(['verify', '--outputs', 'o.json'], files), /No AWS resource was recognised in .*o\.json.*--allow-empty/);
    const allowed = await run(['verify', '--outputs', 'o.json', '--allow-empty', '--no-color']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('url');
  });

  it('a custom check module that does not exist', async () => {
    expectUsageError(
      await run(['verify', '--outputs', 'o.json'], { 'o.json': GOOD, 'postflight.config.json': JSON.stringify({ customChecks: ['./nope.check.js'] }) }),
      /nope\.check\.js/,
    );
  });
});
