/**
 * When AWS cannot be read, postflight says so and never passes what it could not see. The
 * data-pipeline stack runs in moto behind the fault proxy (test/helpers/aws-proxy.ts); each fault
 * turns exactly the results that depend on the faulty calls into `error` with the reason, every
 * other result stays what it is without the fault, and the run exits 3 (1 when a check failed).
 * Credentials AWS does not accept stop the run before any check: one sentence, exit 2, no report.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deployPipelineStack, type DeployedStack } from '../../fixtures/stacks/pipeline.js';
import { MOTO_BLIND_CHECKS } from '../../src/demo/demo.js';
import { emulatorEnv, freePort } from '../../src/demo/moto.js';
import { startAwsProxy, type AwsProxy, type ProxyRule } from '../helpers/aws-proxy.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';
import { expectedSkip } from '../helpers/pipeline-e2e.js';
import { junitSchemaErrors } from '../helpers/report-fixtures.js';
import {
  expectPreviousReportsUntouched,
  expectUsageError,
  expiredToken,
  invalidClientTokenId,
  junitCaseOf,
  junitCases,
  pair,
  readJsonReport,
  reportPaths,
  seedPreviousReports,
  startAnsweringProxy,
  tempDir,
  type JsonReport,
  type JsonResult,
} from './support.js';

const moto = useMoto();
let stack: DeployedStack;
let dir: string;
let outputsFile: string;
let proxy: AwsProxy;
let baseline: JsonReport;

/** Short timeouts and two attempts keep every fault quick to show. */
const FAST = ['--call-timeout', '2', '--max-attempts', '2'];

interface Verified {
  run: CliRun;
  report: JsonReport;
  junit: string;
}

let runs = 0;
async function verify(endpoint: string, args: string[] = [], options: { outputs?: string; env?: Record<string, string> } = {}): Promise<Verified> {
  const r = reportPaths(join(dir, `run-${++runs}`));
  const run = await runCli(['verify', '--outputs', options.outputs ?? outputsFile, ...r.args, '--no-color', '--skip', MOTO_BLIND_CHECKS.join(','), '--endpoint-url', endpoint, ...FAST, ...args], {
    env: cleanEnv({ ...emulatorEnv(endpoint), ...options.env }),
  });
  if (run.code !== 0 && run.code !== 1 && run.code !== 3) return { run, report: undefined as never, junit: '' };
  const report = await readJsonReport(r.json);
  // With no requiredTags configured the required-tags check reads nothing and is skipped for every
  // resource: no fault can reach it, so it is left out of what these tests compare.
  report.results = report.results.filter((x) => !(x.checkId === 'resource-has-required-tags' && x.status === 'skipped'));
  return { run, report, junit: await readFile(r.junit, 'utf8') };
}

const reasonOf = (r: JsonResult): string => `${r.message} ${JSON.stringify(r.evidence)}`;

/**
 * The whole contract of one fault: `affected` results are `error` (never pass) in the JSON and the
 * JUnit report, with `reason`; every other result has its status from the run without the fault.
 */
async function expectOnly(
  v: Verified,
  affected: (r: JsonResult) => boolean,
  reason: RegExp,
  { exitCode = 3, judgedAnew = () => false }: { exitCode?: number; judgedAnew?: (r: JsonResult) => boolean } = {},
): Promise<void> {
  expect(v.run.stderr).toBe('');
  expect(v.run.code).toBe(exitCode);
  const hit = v.report.results.filter(affected);
  expect(hit.length).toBeGreaterThan(0);
  expect(hit.filter((r) => r.status !== 'error' || !reason.test(reasonOf(r))).map((r) => `${pair(r)}: ${r.status}: ${reasonOf(r)}`)).toEqual([]);

  const before = new Map(baseline.results.map((r) => [pair(r), r.status]));
  const changed = v.report.results.filter((r) => !affected(r) && !judgedAnew(r) && before.get(pair(r)) !== r.status);
  expect(changed.map((r) => `${pair(r)}: ${before.get(pair(r))} -> ${r.status}: ${r.message}`)).toEqual([]);
  expect(v.report.results.map(pair).sort()).toEqual([...before.keys()].sort());

  expect(await junitSchemaErrors([v.junit])).toEqual([]);
  const cases = junitCases(v.junit);
  for (const r of hit) expect({ pair: pair(r), junit: junitCaseOf(cases, r)?.status }).toEqual({ pair: pair(r), junit: 'error' });
  expect(v.run.stdout).toMatch(/^(INCOMPLETE|FAIL): /m);
}

beforeAll(async () => {
  dir = await tempDir('faults');
  stack = await deployPipelineStack({ endpoint: moto().endpoint, suffix: 'faults' });
  outputsFile = join(dir, 'flat-outputs.json');
  await writeFile(outputsFile, JSON.stringify(stack.outputs, null, 2));
  proxy = await startAwsProxy({ target: moto().endpoint });
  const clean = await verify(proxy.endpoint);
  expect(clean.run.code).toBe(0);
  baseline = clean.report;
  expect(baseline.results.length).toBeGreaterThan(25);
  expect(baseline.results.filter((r) => r.status !== 'pass' && !expectedSkip(r)).map((r) => `${pair(r)}: ${r.status}: ${r.message}`)).toEqual([]);
}, 60_000);

afterAll(async () => {
  await proxy?.stop();
});

beforeEach(() => proxy.reset());

const type = (prefix: string) => (r: JsonResult) => r.resource.type.startsWith(prefix);

describe('a fault on some AWS calls: those results are error with the reason, the rest unchanged, exit 3', () => {
  const cases: Array<[string, ProxyRule[], (r: JsonResult) => boolean, RegExp, string[]?]> = [
    [
      'AccessDenied on one service (KMS): every judgement that needs a key',
      [{ service: 'kms', fault: { kind: 'deny' } }],
      (r) => /cmk|^kms-key-/.test(r.checkId),
      // A key's policy is asked beside its description: whichever call is denied names itself.
      /could not (describe KMS key|read the key policy of) arn:aws:kms:\S+: access to kms:(DescribeKey|GetKeyPolicy) was denied: AccessDeniedException: User: \S+ is not authorized to perform: kms:(DescribeKey|GetKeyPolicy)/,
    ],
    [
      'AccessDenied on one call (kms:GetKeyRotationStatus): only key rotation',
      [{ service: 'kms', action: 'GetKeyRotationStatus', fault: { kind: 'deny' } }],
      (r) => r.checkId === 'kms-key-rotation-enabled',
      /AccessDeniedException: .*kms:GetKeyRotationStatus/,
    ],
    [
      'throttling that outlasts the retries (S3 GetBucketEncryption)',
      [{ service: 's3', action: 'GetBucketEncryption', fault: { kind: 'throttle' } }],
      (r) => r.checkId.startsWith('s3-bucket-default-encryption-'),
      /could not read default encryption of pipeline-\S+-faults: SlowDown: Please reduce your request rate\. \(HTTP 503, after 2 attempts\)/,
      // Long enough for the SDK's back-off between throttled attempts: the error is the throttling, not a timeout.
      ['--call-timeout', '20'],
    ],
    [
      '503 from one service (RDS)',
      [{ service: 'rds', fault: { kind: 'status', code: 503 } }],
      type('AWS::RDS::'),
      /ServiceUnavailable: Service is unavailable\. \(HTTP 503, after 2 attempts\)/,
    ],
    [
      '500 from one service (EC2)',
      [{ service: 'ec2', fault: { kind: 'status', code: 500 } }],
      // An Auto Scaling group's EBS settings and metadata options are read from its EC2 launch template.
      (r: JsonResult) => type('AWS::EC2::')(r) || (type('AWS::AutoScaling::')(r) && /ebs|imds/.test(r.checkId)),
      /InternalError: An internal error has occurred\. \(HTTP 500, after 2 attempts\)/,
    ],
    ['connections reset (Kinesis)', [{ service: 'kinesis', fault: { kind: 'reset' } }], type('AWS::Kinesis::'), /could not describe the stream pipeline-sensor-events-faults: the connection was reset/],
    ['a call that never answers (DynamoDB), cut by the per-call timeout', [{ service: 'dynamodb', fault: { kind: 'hang' } }], type('AWS::DynamoDB::'), /could not (?:describe|read the continuous backups of) the table pipeline-job-ledger-faults: the call timed out/],
  ];

  it.each(cases)('%s', async (_name, rules, affected, reason, args = []) => {
    proxy.setRules(rules);
    const v = await verify(proxy.endpoint, args);
    expect(proxy.calls().filter((c) => c.fault).length).toBeGreaterThan(0);
    await expectOnly(v, affected, reason);
  });

  it('a fault and a failing check together: the failure still fails, the fault is still error (exit 1)', async () => {
    proxy.setRules([{ service: 'elasticfilesystem', fault: { kind: 'deny' } }]);
    // A stricter parameter than the stack meets: the VPC's two AZs fail a three-AZ rule.
    const config = join(dir, 'strict.config.json');
    await writeFile(config, JSON.stringify({ params: { 'ec2-vpc-subnets-span-azs': { minAzs: 3 } } }));
    const v = await verify(proxy.endpoint, ['--config', config]);
    const vpc = v.report.results.find((r) => r.checkId === 'ec2-vpc-subnets-span-azs');
    expect(vpc?.status).toBe('fail');
    await expectOnly(v, type('AWS::EFS::'), /AccessDeniedException: .*elasticfilesystem:Describe(FileSystems|MountTargets)/, { exitCode: 1, judgedAnew: (r) => r === vpc });
    expect(v.run.stdout).toMatch(/^FAIL: 1 check result failed; \d+ results could not be verified \(exit code 1\)$/m);
  });
});

describe('AWS out of reach', () => {
  it('connection refused (nothing listens on the endpoint): every result is error, none passes (exit 3)', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const v = await verify(closed);
    await expectOnly(v, () => true, /connection refused \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)/);
    expect(v.report.summary.pass).toBe(0);
  });

  it('resources the outputs name that no longer exist: error saying so; the others unchanged (exit 3)', async () => {
    const outputs = {
      [stack.stackName]: {
        ...stack.outputs[stack.stackName],
        archive_bucket_name: 'pipeline-archive-deleted',
        replay_stream_name: 'pipeline-replay-deleted',
        audit_table: 'pipeline-audit-deleted',
        scratch_file_system_id: 'fs-0123456789abcdef0',
        legacy_db_endpoint: 'pipeline-legacy-deleted.abcdefghijkl.us-east-1.rds.amazonaws.com:5432',
        legacy_secret_arn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:pipeline/legacy-AbCdEf',
        legacy_vpc_id: 'vpc-0123456789abcdef0',
      },
    };
    const file = join(dir, 'with-deleted.json');
    await writeFile(file, JSON.stringify(outputs));
    const gone = /deleted|legacy|fs-0123456789abcdef0|vpc-0123456789abcdef0/;
    const v = await verify(proxy.endpoint, [], { outputs: file });
    const fromGone = (r: JsonResult) => gone.test(r.resource.id);
    expect(new Set(v.report.results.filter(fromGone).map((r) => r.resource.type)).size).toBe(7);
    // The baseline has no result for the deleted resources: compare the others only.
    const kept = { ...v, report: { ...v.report, results: v.report.results.filter((r) => !fromGone(r)) } };
    expect(kept.report.results.every((r) => baseline.results.some((b) => pair(b) === pair(r) && b.status === r.status))).toBe(true);
    expect(v.run.code).toBe(3);
    const wrong = v.report.results.filter(fromGone).filter((r) => r.status !== 'error' || !/does not exist|not found|NotFound/i.test(reasonOf(r)));
    expect(wrong.map((r) => `${pair(r)}: ${r.status}: ${reasonOf(r)}`)).toEqual([]);
    const cases = junitCases(v.junit);
    for (const r of v.report.results.filter(fromGone)) expect({ pair: pair(r), junit: junitCaseOf(cases, r)?.status }).toEqual({ pair: pair(r), junit: 'error' });
  });

  it('the wrong region: resources placed only by the region are not found there (error); those whose ARN or host names their region are judged (exit 3)', async () => {
    const v = await verify(proxy.endpoint, ['--region', 'eu-west-1']);
    // S3 bucket names and IAM roles are global: they are found (and judged) from any region.
    const misplaced = (r: JsonResult) => r.resource.region === 'eu-west-1' && r.resource.type !== 'AWS::S3::Bucket' && r.resource.type !== 'AWS::IAM::Role';
    await expectOnly(v, misplaced, /does not exist in eu-west-1|could not be read/);
    expect(v.report.results.filter(misplaced).map((r) => r.resource.type)).toEqual(expect.arrayContaining(['AWS::Kinesis::Stream', 'AWS::DynamoDB::Table', 'AWS::EFS::FileSystem', 'AWS::EC2::VPC']));
  });
});

describe('answers AWS would never give', () => {
  it('every call answered 200 with an empty document: nothing passes', async () => {
    const empty = await startAnsweringProxy({
      target: proxy.endpoint,
      answers: [
        {
          raw: (info) => {
            if (info.protocol === 'json' || info.protocol === 'rest-json') return { status: 200, headers: { 'content-type': info.contentType ?? 'application/json' }, body: '{}' };
            if (info.protocol === 'rest-xml') return { status: 200, headers: { 'content-type': 'application/xml' }, body: '' };
            return { status: 200, headers: { 'content-type': 'text/xml' }, body: `<${info.action}Response><${info.action}Result/></${info.action}Response>` };
          },
        },
      ],
    });
    try {
      const v = await verify(empty.endpoint);
      expect(v.run.stderr).toBe('');
      expect(v.report.results.filter((r) => r.status === 'pass').map((r) => `${pair(r)}: ${r.message}`)).toEqual([]);
      expect(v.report.results.length).toBe(baseline.results.length);
      expect([1, 3]).toContain(v.run.code);
    } finally {
      await empty.stop();
    }
  });
});

describe('credentials AWS does not accept: one sentence before any check runs, exit 2, no report', () => {
  async function refused(endpoint: string, env: Record<string, string>, pattern: RegExp): Promise<void> {
    const base = await tempDir('creds');
    const r = reportPaths(base);
    await seedPreviousReports(r);
    const run = await runCli(['verify', '--outputs', outputsFile, ...r.args, '--no-color', '--endpoint-url', endpoint, ...FAST], { cwd: base, env: cleanEnv(env) });
    expectUsageError(run, pattern);
    await expectPreviousReportsUntouched(r);
  }

  it('no credentials anywhere (no AWS_* keys, no config or credentials file, no instance role)', async () => {
    const home = await tempDir('home');
    await refused(proxy.endpoint, { HOME: home, AWS_REGION: 'us-east-1' }, /^postflight: No AWS credentials were found \(CredentialsProviderError: .*\); sign in \(aws sso login\), pass --profile, or set AWS_ACCESS_KEY_ID/);
    // The SDK found no keys to sign with: not one call went out.
    expect(proxy.calls()).toEqual([]);
  });

  it.each([
    ['an expired session token, on every call', [{ error: expiredToken }], /^postflight: AWS rejected the credentials \((ExpiredToken|ExpiredTokenException|RequestExpired): .*\); sign in again/],
    ['an access key AWS does not know, on one service only (RDS)', [{ service: 'rds', error: invalidClientTokenId }], /^postflight: AWS rejected the credentials \(InvalidClientTokenId: The security token included in the request is invalid\. \(HTTP 403\)\); sign in again/],
  ])('%s', async (_what, answers, pattern) => {
    const answering = await startAnsweringProxy({ target: proxy.endpoint, answers });
    try {
      await refused(answering.endpoint, emulatorEnv(answering.endpoint), pattern);
      expect(answering.answered()).toBeGreaterThan(0);
    } finally {
      await answering.stop();
    }
  });
});
