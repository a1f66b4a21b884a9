/**
 * Bad input gets one clear sentence naming the file or flag and the fix, exit 2, no stack
 * trace, and no report left behind.
 */
import { mkdir, mkdtemp, readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, runCli } from '../helpers/cli.js';

/** A JUnit report an earlier run left at the default path; no JSON report beside it. */
const PREVIOUS_JUNIT = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="postflight" tests="0" failures="0" errors="0" time="0"/>\n';
const PREVIOUS_MTIME = new Date('2025-01-01T00:00:00Z');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'postflight-cli-'));
});

const GOOD = JSON.stringify({ TapStackdev: { data_bucket_name: 'pipeline-sensor-data-dev' } });

async function run(args: string[], files: Record<string, string> = {}) {
  await mkdir(join(dir, 'reports'), { recursive: true });
  await writeFile(join(dir, 'reports', 'junit.xml'), PREVIOUS_JUNIT);
  await utimes(join(dir, 'reports', 'junit.xml'), PREVIOUS_MTIME, PREVIOUS_MTIME);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  // Nothing listens on port 9: a run that got as far as AWS would show errors, not exit 2.
  const r = await runCli(args, { cwd: dir, env: cleanEnv({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'us-east-1' }) });
  return r;
}

async function expectUsageError(r: { code: number | null; stderr: string; stdout: string }, pattern: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^postflight: /);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  // The previous report is untouched, and no new report (nor a temporary file) is left beside it.
  expect(await readdir(join(dir, 'reports'))).toEqual(['junit.xml']);
  expect(await readFile(join(dir, 'reports', 'junit.xml'), 'utf8')).toBe(PREVIOUS_JUNIT);
  expect((await stat(join(dir, 'reports', 'junit.xml'))).mtime.getTime()).toBe(PREVIOUS_MTIME.getTime());
}

describe('bad input', () => {
  it('a --role-arn that is not a role ARN', async () => {
    await expectUsageError(await run(['verify', '--role-arn', 'arn:aws:iam::123:user/me'], { 'cfn-outputs/flat-outputs.json': GOOD }), /--role-arn takes an IAM role ARN such as arn:aws:iam::123456789012:role\/postflight-audit, not "arn:aws:iam::123:user\/me"/);
  });

  it('--external-id without --role-arn', async () => {
    await expectUsageError(await run(['verify', '--external-id', 'abc'], { 'cfn-outputs/flat-outputs.json': GOOD }), /--external-id goes with --role-arn, which was not given/);
  });

  it('an account in the config with no sources', async () => {
    const config = JSON.stringify({ accounts: [{ id: 'prod', roleArn: 'arn:aws:iam::123456789012:role/audit' }] });
    await expectUsageError(await run(['verify'], { 'postflight.config.json': config }), /postflight\.config\.json lists the account "prod" without sources/);
  });

  it('an unknown flag', async () => {
    await expectUsageError(await run(['verify', '--frobnicate']), /unknown option '--frobnicate'.*--help/);
  });

  it('an unknown command', async () => {
    await expectUsageError(await run(['verfy']), /unknown command 'verfy'/);
  });

  it('a missing outputs file (the default path)', async () => {
    await expectUsageError(await run(['verify']), /cfn-outputs\/flat-outputs\.json/);
  });

  it('an outputs file that is not JSON, with line and column', async () => {
    await expectUsageError(await run(['verify', '--outputs', 'o.json'], { 'o.json': '{\n  "a": "b",\n  oops\n}' }), /o\.json.*line 3/);
  });

  it('--only naming a check that does not exist', async () => {
    await expectUsageError(await run(['verify', '--outputs', 'o.json', '--only', 'no-such-check'], { 'o.json': GOOD }), /"no-such-check".*list-checks/);
  });

  it('a config file with an unknown key', async () => {
    await expectUsageError(
      await run(['verify', '--outputs', 'o.json'], { 'o.json': GOOD, 'postflight.config.json': JSON.stringify({ regoin: 'us-east-1' }) }),
      /postflight\.config\.json.*"regoin"/,
    );
  });

  it('a config file with a wrong type', async () => {
    await expectUsageError(
      await run(['verify', '--outputs', 'o.json', '--config', 'pf.json'], { 'o.json': GOOD, 'pf.json': JSON.stringify({ aws: { concurrency: 'lots' } }) }),
      /pf\.json.*aws\.concurrency/,
    );
  });

  it('a framework postflight does not map, on the command line or in the config', async () => {
    await expectUsageError(
      await run(['verify', '--outputs', 'o.json', '--framework', 'fsbp', '--framework', 'hipaa'], { 'o.json': GOOD }),
      /^postflight: --framework names the framework "hipaa", which postflight does not map: use fsbp or cis\.$/m,
    );
    await expectUsageError(
      await run(['verify', '--outputs', 'o.json'], { 'o.json': GOOD, 'postflight.config.json': JSON.stringify({ frameworks: ['pci'] }) }),
      /postflight\.config\.json is invalid: "frameworks\.0": must be fsbp or cis/,
    );
  });

  it('config params for a check that does not exist', async () => {
    await expectUsageError(
      await run(['verify', '--outputs', 'o.json'], { 'o.json': GOOD, 'postflight.config.json': JSON.stringify({ params: { 'no-such-check': { x: 1 } } }) }),
      /"no-such-check", which is not a check/,
    );
  });

  it('an outputs file that names no AWS resource, unless --allow-empty', async () => {
    const files = { 'o.json': JSON.stringify({ url: 'https://example.com', port: 5432 }) };
    await expectUsageError(await run(['verify', '--outputs', 'o.json'], files), /No AWS resource was recognised in .*o\.json.*--allow-empty/);
    const allowed = await run(['verify', '--outputs', 'o.json', '--allow-empty', '--no-color']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('url');
  });

  it('a custom check module that does not exist', async () => {
    await expectUsageError(
      await run(['verify', '--outputs', 'o.json'], { 'o.json': GOOD, 'postflight.config.json': JSON.stringify({ customChecks: ['./nope.check.js'] }) }),
      /nope\.check\.js/,
    );
  });
});
