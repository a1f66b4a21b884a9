/**
 * The example in examples/serverless-pipeline/, end to end: the stack is deployed into moto, the
 * real CLI runs with the example's config (built-in checks with parameters, and three custom checks
 * that read Lambda, DynamoDB and CloudWatch themselves). The compliant stack passes; a stack with
 * one defect of each kind fails on exactly the resources that carry them.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployServerlessPipeline } from '../../examples/serverless-pipeline/deploy-to-moto.js';
import { emulatorEnv } from '../../src/demo/moto.js';
import { discoverCommand, listChecksCommand } from '../../src/run.js';
import { cleanEnv, ROOT, runCli } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';

const moto = useMoto();
const CONFIG = join(ROOT, 'examples/serverless-pipeline/postflight.config.json');

interface Report {
  resources: Array<{ type: string; id: string }>;
  results: Array<{ checkId: string; status: string; message: string; resource: { type: string; id: string } }>;
  apiCalls: Record<string, number>;
}

let dir: string;
const outputs: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'postflight-serverless-'));
  outputs.ok = await deployServerlessPipeline({ endpoint: moto().endpoint, suffix: 'ok' });
  outputs.bad = await deployServerlessPipeline({ endpoint: moto().endpoint, suffix: 'bad', defects: ['x86-function', 'pitr-off', 'empty-dashboard', 'two-azs'] });
  // An output no check covers: the functions' role, still a resource of the run.
  outputs.bad.FunctionRoleArn = 'arn:aws:iam::123456789012:role/pipeline-fn-bad';
  for (const [name, o] of Object.entries(outputs)) await writeFile(join(dir, `${name}.json`), JSON.stringify(o, null, 2));
}, 60_000);

async function verify(name: string): Promise<{ code: number | null; stderr: string; report: Report }> {
  const json = join(dir, name, 'postflight.json');
  const run = await runCli(['verify', '--config', CONFIG, '--outputs', join(dir, `${name}.json`), '--json', json, '--junit', join(dir, name, 'junit.xml'), '--no-color'], {
    env: cleanEnv(emulatorEnv(moto().endpoint)),
  });
  return { code: run.code, stderr: run.stderr, report: JSON.parse(await readFile(json, 'utf8')) as Report };
}

const line = (r: Report['results'][number]) => `${r.checkId} @ ${r.resource.id}: ${r.status}`;

it('discover shows the functions (from their ARNs) and the dashboard (from the config mapping)', async () => {
  let text = '';
  await discoverCommand({ outputs: join(dir, 'ok.json'), config: CONFIG, cwd: ROOT, env: {}, json: true, out: (t) => (text += t), err: () => undefined });
  const found = JSON.parse(text) as { resources: Array<{ type: string; id: string }>; unrecognised: string[] };
  expect(found.resources.map((r) => `${r.type} ${r.id}`).sort()).toEqual(
    [
      'AWS::CloudWatch::Dashboard pipeline-ops-ok',
      'AWS::DynamoDB::Table pipeline-events-ok',
      'AWS::EC2::VPC ' + outputs.ok!.VpcId,
      'AWS::Lambda::Function pipeline-enrich-ok',
      'AWS::Lambda::Function pipeline-ingest-ok',
      'AWS::Lambda::Function pipeline-publish-ok',
      'AWS::Lambda::Function pipeline-transform-ok',
      'AWS::S3::Bucket pipeline-data-ok',
    ].sort(),
  );
  expect(found.unrecognised).toEqual([]);
});

it('list-checks shows what each custom check reads, with its IAM action', async () => {
  let text = '';
  await listChecksCommand({ config: CONFIG, cwd: ROOT, json: true, out: (t) => (text += t) });
  const checks = JSON.parse(text) as Array<{ id: string; builtIn: boolean; family: string; reads?: Array<{ fact: string; action: string }> }>;
  // Built-in checks name their family; a custom check that names none is `custom`.
  expect(new Set(checks.filter((c) => c.builtIn).map((c) => c.family))).toEqual(new Set(['cmk', 'encryption', 'lifecycle', 'availability', 'exposure', 'network', 'identity', 'tagging', 'drift']));
  expect(checks.filter((c) => !c.builtIn).map((c) => [c.id, c.reads?.map((r) => `${r.fact}: ${r.action}`)])).toEqual([
    ['dynamodb-table-on-demand-with-pitr', ['billing: dynamodb:DescribeTable', 'pitr: dynamodb:DescribeContinuousBackups']],
    ['lambda-function-arm64-with-layers', ['config: lambda:GetFunctionConfiguration']],
    ['cloudwatch-dashboard-has-widgets', ['widgets: cloudwatch:GetDashboard']],
  ]);
});

it('the compliant stack passes every assertion of the hand-written suite (exit 0)', async () => {
  const { code, stderr, report } = await verify('ok');
  expect(stderr).toBe('');
  expect(report.results.map(line).sort()).toEqual(
    [
      'cloudwatch-dashboard-has-widgets @ pipeline-ops-ok: pass',
      'dynamodb-table-on-demand-with-pitr @ pipeline-events-ok: pass',
      `ec2-vpc-subnets-span-azs @ ${outputs.ok!.VpcId}: pass`,
      'lambda-function-arm64-with-layers @ pipeline-enrich-ok: pass',
      'lambda-function-arm64-with-layers @ pipeline-ingest-ok: pass',
      'lambda-function-arm64-with-layers @ pipeline-publish-ok: pass',
      'lambda-function-arm64-with-layers @ pipeline-transform-ok: pass',
      's3-bucket-lifecycle-covers-bucket @ pipeline-data-ok: pass',
    ].sort(),
  );
  expect(code).toBe(0);
  // The custom checks' reads, one call each per resource, counted by IAM action.
  expect(report.apiCalls).toMatchObject({
    'lambda:GetFunctionConfiguration': 4,
    'dynamodb:DescribeTable': 1,
    'dynamodb:DescribeContinuousBackups': 1,
    'cloudwatch:GetDashboard': 1,
  });
});

it('one defect of each kind fails on the resource that carries it, and nothing else (exit 1)', async () => {
  const { code, stderr, report } = await verify('bad');
  expect(stderr).toBe('');
  expect(report.results.filter((r) => r.status !== 'pass').map(line).sort()).toEqual(
    [
      'cloudwatch-dashboard-has-widgets @ pipeline-ops-bad: fail',
      'dynamodb-table-on-demand-with-pitr @ pipeline-events-bad: fail',
      `ec2-vpc-subnets-span-azs @ ${outputs.bad!.VpcId}: fail`,
      'lambda-function-arm64-with-layers @ pipeline-transform-bad: fail',
    ].sort(),
  );
  const message = (id: string) => report.results.find((r) => r.checkId === id && r.status === 'fail')!.message;
  expect(message('lambda-function-arm64-with-layers')).toMatch(/runs on x86_64, not arm64/);
  expect(message('dynamodb-table-on-demand-with-pitr')).toMatch(/point-in-time recovery is DISABLED/);
  expect(message('cloudwatch-dashboard-has-widgets')).toMatch(/no widget/);
  expect(report.results).toHaveLength(8);
  // The role is listed among the run's resources, with no result: no check covers it.
  expect(report.resources).toContainEqual(expect.objectContaining({ type: 'AWS::IAM::Role', id: 'pipeline-fn-bad' }));
  expect(report.results.filter((r) => r.resource.type === 'AWS::IAM::Role')).toEqual([]);
  expect(code).toBe(1);
});
