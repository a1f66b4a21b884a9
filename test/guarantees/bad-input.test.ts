/**
 * Bad input stops the run before anything is verified: one sentence on stderr that names the file
 * or flag and the fix, exit 2, no stack trace, and no report written: a report an earlier run left
 * at the same path stays as it was, and nothing (no temporary file) is left beside it.
 *
 * (test/e2e/cli-errors.test.ts holds the first cases: unknown flag and command, missing default
 * outputs file, invalid JSON, --only, config key and type, params, an empty stack, a missing
 * custom check. This file holds the rest.)
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { junitSchemaErrors } from '../helpers/report-fixtures.js';
import { expectUsageError, junitCaseOf, junitCases, readJsonReport, tempDir } from './support.js';

const PREVIOUS_JUNIT = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="postflight" tests="0" failures="0" errors="0" time="0"/>\n';
const PREVIOUS_MTIME = new Date('2025-01-01T00:00:00Z');
const GOOD = JSON.stringify({ TapStackdev: { data_bucket_name: 'pipeline-sensor-data-dev' } });

interface Case {
  dir: string;
  /** Where the run would write its JUnit report: an earlier run's report is there. */
  junit: string;
  /** Where the run would write its JSON report: nothing is there, not even the folder. */
  json: string;
  /** Where the run would write its SARIF log: an earlier run's log is there. */
  sarif: string;
  /** Where the run would write its Markdown summary and HTML report: nothing is there. */
  markdown: string;
  html: string;
  /** GITHUB_STEP_SUMMARY: the earlier steps' summary is there, and nothing may be appended. */
  stepSummary: string;
}

const PREVIOUS_SARIF = '{"version":"2.1.0","runs":[]}\n';
const PREVIOUS_STEP_SUMMARY = '# Deploy\n\nDeployed.\n';

async function newCase(files: Record<string, string | Buffer> = {}): Promise<Case> {
  const dir = await tempDir('bad-input');
  const c: Case = {
    dir,
    junit: join(dir, 'previous', 'junit.xml'),
    json: join(dir, 'fresh', 'postflight.json'),
    sarif: join(dir, 'previous', 'postflight.sarif'),
    markdown: join(dir, 'fresh', 'postflight.md'),
    html: join(dir, 'fresh', 'postflight.html'),
    stepSummary: join(dir, 'previous', 'step-summary.md'),
  };
  await mkdir(join(dir, 'previous'));
  await writeFile(c.junit, PREVIOUS_JUNIT);
  await utimes(c.junit, PREVIOUS_MTIME, PREVIOUS_MTIME);
  await writeFile(c.sarif, PREVIOUS_SARIF);
  await writeFile(c.stepSummary, PREVIOUS_STEP_SUMMARY);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return c;
}

/** The CLI with every report path given. Nothing listens on port 9: a run that reached AWS would show errors, not exit 2. */
function verify(c: Case, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(['verify', '--junit', c.junit, '--json', c.json, '--sarif', c.sarif, '--markdown', c.markdown, '--html', c.html, ...args], {
    cwd: c.dir,
    env: cleanEnv({
      AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'x',
      AWS_SECRET_ACCESS_KEY: 'y',
      GITHUB_STEP_SUMMARY: c.stepSummary,
      ...env,
    }),
  });
}

async function expectNothingWritten(c: Case): Promise<void> {
  expect(await readFile(c.junit, 'utf8')).toBe(PREVIOUS_JUNIT);
  expect((await stat(c.junit)).mtime.getTime()).toBe(PREVIOUS_MTIME.getTime());
  expect(await readFile(c.sarif, 'utf8')).toBe(PREVIOUS_SARIF);
  expect(await readFile(c.stepSummary, 'utf8')).toBe(PREVIOUS_STEP_SUMMARY);
  expect((await readdir(join(c.dir, 'previous'))).sort()).toEqual(['junit.xml', 'postflight.sarif', 'step-summary.md']);
  expect(existsSync(join(c.dir, 'fresh'))).toBe(false);
}

async function expectRefused(files: Record<string, string | Buffer>, args: string[], pattern: RegExp): Promise<CliRun> {
  const c = await newCase(files);
  const run = await verify(c, args);
  expectUsageError(run, pattern);
  await expectNothingWritten(c);
  return run;
}

describe('a bad outputs file: exit 2, one sentence naming the file and the fix, no report', () => {
  it('a missing outputs file (given with --outputs)', async () => {
    await expectRefused({}, ['--outputs', 'out/flat-outputs.json'], /Outputs file \S*out\/flat-outputs\.json does not exist; run the deploy first .* --outputs/);
  });

  it('a directory', async () => {
    await expectRefused({ 'cfn-outputs/x.json': '{}' }, ['--outputs', 'cfn-outputs'], /Outputs path \S*cfn-outputs is a directory, not a file; pass --outputs/);
  });

  it('an empty file', async () => {
    await expectRefused({ 'o.json': '' }, ['--outputs', 'o.json'], /Outputs file \S*o\.json is empty; run the deploy again .* --outputs/);
  });

  it('invalid JSON, with line and column', async () => {
    await expectRefused(
      { 'o.json': '{\n  "vpc_id": "vpc-0a1b2c3d"\n  "bucket": "b"\n}' },
      ['--outputs', 'o.json'],
      /Outputs file \S*o\.json is not valid JSON: expected a comma at line 3, column 3; fix the file/,
    );
  });

  it.each([
    ['a list', '["vpc-0a1b2c3d4e5f67890"]'],
    ['a string', '"vpc-0a1b2c3d4e5f67890"'],
    ['a number', '42'],
  ])('%s at the top level', async (kind, text) => {
    await expectRefused({ 'o.json': text }, ['--outputs', 'o.json'], new RegExp(`Outputs file \\S*o\\.json holds ${kind} at the top level, not an object of outputs; pass the file`));
  });

  it('a key twice in one object', async () => {
    await expectRefused(
      { 'o.json': '{"TapStackdev": {\n  "vpc_id": "vpc-0a1b2c3d4e5f67890",\n  "vpc_id": "vpc-0e5f6a7b8c9d01234"\n}}' },
      ['--outputs', 'o.json'],
      /Outputs file \S*o\.json has the key "vpc_id" twice in one object \(again at line 3, column 3\); remove or rename one/,
    );
  });

  it('bytes that are not UTF-8, saying where', async () => {
    const bytes = Buffer.concat([Buffer.from('{\n  "data_bucket_name": "caf'), Buffer.from([0xe9]), Buffer.from('"\n}')]);
    await expectRefused({ 'o.json': bytes }, ['--outputs', 'o.json'], /Outputs file \S*o\.json is not valid UTF-8 \(byte 0xe9 at offset 28, line 2\); save it as UTF-8/);
  });

  it('UTF-16 text', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD, 'utf16le')]);
    await expectRefused({ 'o.json': bytes }, ['--outputs', 'o.json'], /Outputs file \S*o\.json is UTF-16 text; save it as UTF-8/);
  });

  it('names no AWS resource: exit 2 naming --allow-empty; with --allow-empty, a warning and an empty report', async () => {
    const files = { 'o.json': JSON.stringify({ dashboard_url: 'https://grafana.example.com/d/1', environment: 'dev' }) };
    await expectRefused(files, ['--outputs', 'o.json'], /No AWS resource was recognised in \S*o\.json \(2 outputs read\): map outputs .* or pass --allow-empty/);
    const c = await newCase(files);
    const run = await verify(c, ['--outputs', 'o.json', '--allow-empty', '--no-color']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^postflight: warning: no AWS resource was recognised in \S*o\.json, so nothing is verified \(--allow-empty\)\.\n$/);
    const report = await readJsonReport(c.json);
    expect(report.results).toEqual([]);
    expect(report.unrecognised.sort()).toEqual(['dashboard_url', 'environment']);
  });
});

describe('a 50 MB outputs file, through the CLI with a 256 MB heap', () => {
  // A heap this small makes the run crash if the file is held in memory more than a few times over.
  const SMALL_HEAP = { NODE_OPTIONS: '--max-old-space-size=256' };

  async function bigRun(content: string | (() => Promise<string>), pattern: RegExp) {
    const c = await newCase();
    const file = join(c.dir, 'big.json');
    if (typeof content === 'string') await writeFile(file, content);
    else await content();
    const started = Date.now();
    const run = await verify(c, ['--outputs', file], SMALL_HEAP);
    const ms = Date.now() - started;
    await rm(file);
    expectUsageError(run, pattern);
    await expectNothingWritten(c);
    expect(ms).toBeLessThan(20_000);
  }

  it('50 MB of outputs that name no resource: read in full, then refused with the count', async () => {
    const pad = 'x'.repeat(1000);
    const stacks = Array.from({ length: 50 }, (_, s) => `"Stack${s}": {${Array.from({ length: 1000 }, (_, i) => `"note_${i}": "entry ${i} ${pad}"`).join(',')}}`);
    const text = `{${stacks.join(',')}}`;
    expect(text.length).toBeGreaterThan(50_000_000);
    await bigRun(text, /No AWS resource was recognised in \S*big\.json \(50000 outputs read\)/);
  });

  it('50 MB of tiny values (25 million numbers): refused as no outputs file, not a crash', async () => {
    const text = `{"readings": [${'1,'.repeat(25_000_000)}1]}`;
    await bigRun(text, /Outputs file \S*big\.json holds more than 1,000,000 values \(stopped at line 1, column \d+\), far more than any stack has outputs; pass the file/);
  });

  it('a comma-joined list of 2.5 million ids: refused, not a crash', async () => {
    const text = JSON.stringify({ subnet_ids: Array.from({ length: 2_500_000 }, (_, i) => `subnet-${i}`).join(',') });
    await bigRun(text, /Outputs file \S*big\.json holds more than 100,000 outputs \(counting every list item and field\), far more than any stack has; pass the file/);
  });

  it('a file over 64 MiB: refused without being read', async () => {
    const c = await newCase({ 'huge.json': '{}' });
    await truncate(join(c.dir, 'huge.json'), 64 * 1024 * 1024 + 1);
    const run = await verify(c, ['--outputs', 'huge.json'], SMALL_HEAP);
    await rm(join(c.dir, 'huge.json'));
    expectUsageError(run, /Outputs file \S*huge\.json is 64\.0 MiB, over the 64\.0 MiB limit for an outputs file; pass the file that holds only the stack outputs/);
    await expectNothingWritten(c);
  });
});

describe('a bad config file or flag: exit 2, one sentence naming it, no report', () => {
  it.each([
    ['checks.only', { checks: { only: ['s3-bucket-versionning'] } }, /The config file pf\.json names the check "s3-bucket-versionning", which does not exist: run `postflight list-checks`/],
    ['checks.skip', { checks: { skip: ['no-such-check'] } }, /The config file pf\.json names the check "no-such-check", which does not exist/],
    ['a waiver', { waivers: [{ check: 'no-such-check', resource: 'x', reason: 'r' }] }, /The config file pf\.json waives the check "no-such-check", which does not exist: fix the id .* or use "\*"/],
  ])('an unknown check id in %s', async (_where, config, pattern) => {
    await expectRefused({ 'o.json': GOOD, 'pf.json': JSON.stringify(config) }, ['--outputs', 'o.json', '--config', 'pf.json'], pattern);
  });

  it.each([
    ['an unknown nested key', { aws: { concurency: 4 } }, /The config file pf\.json is invalid: unknown key "aws\.concurency"; fix it/],
    ['a wrong type', { region: 5 }, /The config file pf\.json is invalid: "region": .*expected string.*; fix it/],
    ['a malformed resource type name', { resources: { 'TapStackdev.q': 'SQS queue' } }, /The config file pf\.json is invalid: "resources\.TapStackdev\.q"/],
    ['a report path that is not a string', { reports: { sarif: 42 } }, /The config file pf\.json is invalid: "reports\.sarif": .*expected string.*; fix it/],
    ['an unknown report kind', { reports: { pdf: 'r.pdf' } }, /The config file pf\.json is invalid: unknown key "reports\.pdf"; fix it/],
  ])('%s', async (_what, config, pattern) => {
    await expectRefused({ 'o.json': GOOD, 'pf.json': JSON.stringify(config) }, ['--outputs', 'o.json', '--config', 'pf.json'], pattern);
  });

  it('a config file that is not JSON', async () => {
    await expectRefused({ 'o.json': GOOD, 'pf.json': '{ "region": ' }, ['--outputs', 'o.json', '--config', 'pf.json'], /The config file pf\.json is not valid JSON .*: fix the syntax/);
  });

  it('a --config file that does not exist', async () => {
    await expectRefused({ 'o.json': GOOD }, ['--outputs', 'o.json', '--config', 'nope.json'], /The config file nope\.json does not exist: check the path given to --config/);
  });

  it.each([
    ['--skip naming a check that does not exist', ['--skip', 'no-such-check'], /--skip names the check "no-such-check", which does not exist: run `postflight list-checks`/],
    ['--only naming one unknown id among known ones', ['--only', 's3-bucket-default-encryption-cmk,no-such-check'], /--only names the check "no-such-check"/],
    ['--concurrency 0', ['--concurrency', '0'], /--concurrency takes a whole number above 0, not "0"\.$/m],
    ['--call-timeout with a word', ['--call-timeout', 'soon'], /--call-timeout takes a whole number above 0, not "soon"\.$/m],
    ['--format with an unknown format', ['--format', 'yaml'], /argument 'yaml' is invalid\. Allowed choices are flat, cdktf, terraform, cloudformation, pulumi\.$/m],
    ['a flag without its value', ['--max-attempts'], /option '--max-attempts <n>' argument missing\.$/m],
    ['--html without its file', ['--html'], /option '--html <file>' argument missing\.$/m],
  ])('%s', async (_what, flags, pattern) => {
    await expectRefused({ 'o.json': GOOD }, ['--outputs', 'o.json', ...flags], pattern);
  });
});

describe('a custom check module that cannot be used: exit 2 naming the module, no report', () => {
  const check = (body: string) => `export default {\n  id: 'custom-bucket-check', title: 'Custom', severity: 'low', appliesTo: ['AWS::S3::Bucket'], needs: [],\n  remediation: 'Fix it.',\n  ${body}\n};\n`;

  it.each([
    ['throws when loaded', 'throw new Error("the module could not reach its settings");', /The check module \S*custom\.check\.js failed to load \(the module could not reach its settings\): fix the module/],
    ['is not JavaScript', 'export default {{ not: code', /The check module \S*custom\.check\.js failed to load \(Unexpected token.*\): fix the module/],
    ['throws a message over several lines, with escape sequences', 'throw new Error("first line\\n\\u001b[2Jsecond line\\u0007");', /The check module \S*custom\.check\.js failed to load \(first line second line\): fix the module/],
    ['exports the wrong shape', check("evaluate: 'not a function',").replace("severity: 'low'", "severity: 'urgent'"), /The check module \S*custom\.check\.js is invalid: severity .*; evaluate must be a function\. Fix the module's metadata/],
    ['has no default export', 'export const check = {};', /The check module \S*custom\.check\.js does not export a check: make its default export `defineCheck\(\{\.\.\.\}\)`/],
    ['reuses a built-in id', check("evaluate: () => ({ status: 'pass', message: 'ok' }),").replace('custom-bucket-check', 's3-bucket-default-encryption-cmk'), /The check module \S*custom\.check\.js reuses the id s3-bucket-default-encryption-cmk of \S+: give it a unique id/],
  ])('a module that %s', async (_what, source, pattern) => {
    await expectRefused(
      {
        'o.json': GOOD,
        'package.json': '{"type": "module"}',
        'compliance/custom.check.js': source,
        'postflight.config.json': JSON.stringify({ customChecks: ['./compliance/custom.check.js'] }),
      },
      ['--outputs', 'o.json'],
      pattern,
    );
  });
});

describe('a custom check that throws inside evaluate', () => {
  it('turns that check’s results into error naming the module; the other checks and resources go on (exit 3)', async () => {
    const verdict = "({ status: 'pass', message: 'fine', evidence: { id: resource.id } })";
    const c = await newCase({
      'o.json': JSON.stringify({ TapStackdev: { data_bucket_name: 'pipeline-data-dev', logs_bucket_name: 'pipeline-logs-dev' } }),
      'package.json': '{"type": "module"}',
      'compliance/throws.check.js': `export default { id: 'custom-bucket-throws', title: 'Throws for the logs bucket', severity: 'low', appliesTo: ['AWS::S3::Bucket'], needs: [], remediation: 'Fix the check.',
        evaluate: ({ resource }) => { if (resource.id === 'pipeline-logs-dev') throw new Error('cannot judge <logs> & \\u001b[31mred\\u001b[0m'); return ${verdict}; } };`,
      'compliance/shape.check.js': `export default { id: 'custom-bucket-no-verdict', title: 'Returns no verdict', severity: 'low', appliesTo: ['AWS::S3::Bucket'], needs: [], remediation: 'Fix the check.',
        evaluate: () => 'pass' };`,
      'compliance/fine.check.js': `export default { id: 'custom-bucket-fine', title: 'Passes', severity: 'low', appliesTo: ['AWS::S3::Bucket'], needs: [], remediation: 'None.',
        evaluate: ({ resource }) => ${verdict} };`,
      'postflight.config.json': JSON.stringify({ customChecks: ['./compliance/throws.check.js', './compliance/shape.check.js', './compliance/fine.check.js'] }),
    });
    // Only the custom checks run: they need no facts, so no AWS call is made.
    const run = await verify(c, ['--outputs', 'o.json', '--no-color', '--only', 'custom-bucket-throws,custom-bucket-no-verdict,custom-bucket-fine']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(3);

    const report = await readJsonReport(c.json);
    const statusOf = (check: string, id: string) => report.results.find((r) => r.checkId === check && r.resource.id === id);
    expect(statusOf('custom-bucket-throws', 'pipeline-logs-dev')).toMatchObject({
      status: 'error',
      message: expect.stringMatching(/^the check custom-bucket-throws \(\S*compliance\/throws\.check\.js\) threw: cannot judge <logs> & /),
    });
    expect(statusOf('custom-bucket-throws', 'pipeline-data-dev')?.status).toBe('pass');
    for (const id of ['pipeline-data-dev', 'pipeline-logs-dev']) {
      expect(statusOf('custom-bucket-no-verdict', id)).toMatchObject({
        status: 'error',
        message: expect.stringMatching(/^the check custom-bucket-no-verdict \(\S*compliance\/shape\.check\.js\) returned something that is not a verdict$/),
      });
      expect(statusOf('custom-bucket-fine', id)?.status).toBe('pass');
    }
    expect(report.results).toHaveLength(6);

    // This run completed: its JUnit report replaced the earlier one.
    const xml = await readFile(c.junit, 'utf8');
    expect(await junitSchemaErrors([xml])).toEqual([]);
    const cases = junitCases(xml);
    for (const r of report.results) expect({ pair: `${r.checkId} @ ${r.resource.id}`, status: junitCaseOf(cases, r)?.status }).toEqual({ pair: `${r.checkId} @ ${r.resource.id}`, status: r.status });
    expect(run.stdout).toMatch(/ERROR\s+\[low\] custom-bucket-throws/);
    // The console wraps long lines: compare without the whitespace it adds.
    expect(run.stdout.replace(/\s+/g, '')).toContain('throws.check.js)threw:cannotjudge<logs>&red');
    expect(run.stdout).not.toContain('\u001b');
  });
});
