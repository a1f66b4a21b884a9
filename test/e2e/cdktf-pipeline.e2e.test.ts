/**
 * examples/cdktf-pipeline end to end: the real CDKTF app synthesized (its `app` command, as
 * `cdktf synth` runs it), the stack applied with the real Terraform from `cdktf.out/stacks/pipeline`
 * against moto, its outputs written as `cdktf output --outputs-file` writes them (nested under the
 * stack's name), then the CLI as a subprocess. One synth and one apply for the file:
 * - the untouched stack passes with zero drift: moto's own differences never show (a key's
 *   `rotation_period_in_days`, declared 90, which moto does not report and the provider records
 *   as 0; tags and policies read back in moto's own shape); the example's other checks pass too,
 *   but for the required tags of three resources moto's tagging API does not list as AWS does;
 * - after versioning is suspended, an ingress rule added, the function's memory changed, a tag
 *   removed and the queue deleted through the SDK, exactly those resources fail, each naming the
 *   attribute with its declared and live values, the queue as deleted; the other resources pass.
 *
 * The project folder is a temporary one (the app writes `cdktf.out` and CDKTF's default local
 * backend keeps `terraform.pipeline.tfstate` in the folder it runs from): the example's own folder
 * is left untouched.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuthorizeSecurityGroupIngressCommand, DeleteTagsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { LambdaClient, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { DeleteQueueCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { emulatorEnv } from '../../src/demo/moto.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';
import { terraformTools } from '../helpers/terraform.js';

const moto = useMoto();
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const APP = join(REPO, 'examples', 'cdktf-pipeline', 'main.ts');
const TSX = join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const PREFIX = 'mfg-pipeline';

interface Result {
  checkId: string;
  status: string;
  resource: { type: string; id: string };
  evidence: { drift?: string; differences?: string[]; entries?: string[] };
}
interface Report {
  results: Result[];
  unplaced: unknown[];
  unrecognised: unknown[];
  accounting: { resources: number; withoutCheck: number; drift?: { asDeclared: number; drifted: number; deleted: number } };
  stats: { drift?: { engines: Array<{ engine: string; folder?: string }> } };
}

let root: string;
let stackDir: string;
let statePath: string;
let outputsPath: string;
let cliConfig: string;
let untouched: { run: CliRun; report: Report };

function exec(bin: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.slice(0, 2).join(' ')} failed (exit ${code}):\n${`${err}\n${out}`.trim().split('\n').slice(-25).join('\n')}`))));
  });
}

const aws = () => ({ region: 'us-east-1', endpoint: moto().endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return cleanEnv({
    ...emulatorEnv(moto().endpoint),
    TF_CLI_CONFIG_FILE: cliConfig,
    CHECKPOINT_DISABLE: '1',
    POSTFLIGHT_CACHE_DIR: join(root, 'cache'),
    ...extra,
  });
}

let runs = 0;
async function verify(args: string[], extraEnv: Record<string, string> = {}): Promise<{ run: CliRun; report: Report }> {
  const out = join(root, `run-${++runs}`);
  const run = await runCli(['verify', '--no-color', '--json', join(out, 'report.json'), '--junit', join(out, 'junit.xml'), ...args], {
    cwd: root,
    env: env(extraEnv),
    timeoutMs: 120_000,
  });
  if (run.code === 2) throw new Error(`verify exited 2: ${run.stderr}`);
  return { run, report: JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report };
}

/** Drift results by resource id: status and the differences named. */
function drift(report: Report): Record<string, { status: string; drift?: string; differences: string[] }> {
  const out: Record<string, { status: string; drift?: string; differences: string[] }> = {};
  for (const r of report.results.filter((x) => x.checkId === 'live-matches-declared')) {
    expect(out[r.resource.id]).toBeUndefined();
    out[r.resource.id] = { status: r.status, ...(r.evidence.drift ? { drift: r.evidence.drift } : {}), differences: r.evidence.differences ?? [] };
  }
  return out;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'postflight-cdktf-pipeline-'));
  stackDir = join(root, 'cdktf.out', 'stacks', 'pipeline');
  statePath = join(root, 'terraform.pipeline.tfstate');
  outputsPath = join(root, 'cfn-outputs', 'flat-outputs.json');
  cliConfig = join(root, '.terraformrc');
  await writeFile(cliConfig, 'disable_checkpoint = true\n');
  const tools = await terraformTools();
  const tfEnv = { ...env(), TF_IN_AUTOMATION: '1', TF_INPUT: '0', DISABLE_VERSION_CHECK: '1' };

  // What `cdktf synth` does: run cdktf.json's `app` (`npx tsx main.ts`) in the project folder.
  await exec(process.execPath, [TSX, APP], root, { ...tfEnv, POSTFLIGHT_EXAMPLE_ENDPOINT: moto().endpoint });
  await exec(tools.terraform, ['init', '-input=false', '-no-color', `-plugin-dir=${tools.mirror}`], stackDir, tfEnv);
  await exec(tools.terraform, ['apply', '-auto-approve', '-input=false', '-no-color', '-parallelism=30'], stackDir, tfEnv);
  // What `cdktf output --outputs-file` writes: every output of the stack, under the stack's name.
  const outputs = JSON.parse(await exec(tools.terraform, ['output', '-json', '-no-color'], stackDir, tfEnv)) as Record<string, { value: unknown }>;
  await mkdir(join(root, 'cfn-outputs'));
  await writeFile(outputsPath, JSON.stringify({ pipeline: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value])) }, null, 2));

  // The example's own config, beside the state and outputs as in the project.
  await copyFile(join(REPO, 'examples', 'cdktf-pipeline', 'postflight.config.json'), join(root, 'postflight.config.json'));
  untouched = await verify(['--config', join(root, 'postflight.config.json')]);
}, 240_000);

describe('the untouched stack', () => {
  it("passes with zero drift, and every other check of the example's config but where moto's tagging API differs from AWS's", () => {
    const { run, report } = untouched;
    const results = drift(report);
    // Every resource of the stack, child entries placed on their parents (versioning on the bucket,
    // instances on the cluster, mount targets on the file system, associations on route tables).
    expect(Object.keys(results)).toHaveLength(33);
    expect(Object.entries(results).filter(([, r]) => r.status !== 'pass')).toEqual([]);
    expect(report.accounting.drift).toEqual({ asDeclared: 33, drifted: 0, deleted: 0 });
    expect(report.accounting).toMatchObject({ resources: 33, withoutCheck: 0 });
    expect(report.unplaced).toEqual([]);
    expect(report.unrecognised).toEqual([]);
    // Every other check passes but the required tags of three resources, which moto's Resource
    // Groups Tagging API does not answer for as AWS does: it lists no Kinesis stream and no RDS
    // subnet group, and a flow log under `flow-logs/fl-…` where AWS's ARN is `vpc-flow-log/fl-…`.
    // postflight reads tags as AWS serves them; the tags themselves are compared by --drift above.
    const failing = report.results.filter((r) => r.status === 'fail' || r.status === 'error').map((r) => `${r.checkId} ${r.resource.type}`);
    expect(failing.sort()).toEqual(['resource-has-required-tags AWS::EC2::FlowLog', 'resource-has-required-tags AWS::Kinesis::Stream', 'resource-has-required-tags AWS::RDS::DBSubnetGroup']);
    const passed = new Set(report.results.filter((r) => r.status === 'pass').map((r) => r.checkId));
    for (const id of ['ec2-vpc-subnets-span-azs', 'ec2-vpc-nat-gateways-span-azs', 'ec2-vpc-flow-logs-enabled', 's3-bucket-lifecycle-covers-bucket', 's3-bucket-tls-only', 'rds-cluster-multi-az', 'rds-cluster-deletion-protection', 'kms-key-rotation-enabled', 'resource-has-required-tags']) {
      expect([id, passed.has(id)]).toEqual([id, true]);
    }
    expect(run.stdout).toMatch(/33 live as declared, 0 drifted, 0 deleted/);
    expect(run.code).toBe(1);
  });

  it('plans in cdktf.out/stacks/pipeline, given only the state CDKTF keeps at the project root', () => {
    expect(untouched.report.stats.drift?.engines).toEqual([expect.objectContaining({ engine: 'terraform', folder: stackDir })]);
  });

  it('places each synthesized resource on the resource it belongs to', () => {
    const entries = Object.fromEntries(untouched.report.results.filter((r) => r.checkId === 'live-matches-declared').map((r) => [r.resource.id, r.evidence.entries ?? []]));
    expect(entries[`${PREFIX}-raw-data`]).toEqual([
      'aws_s3_bucket.raw',
      'aws_s3_bucket_lifecycle_configuration.raw_lifecycle',
      'aws_s3_bucket_policy.raw_tls_only',
      'aws_s3_bucket_public_access_block.raw_public_access',
      'aws_s3_bucket_server_side_encryption_configuration.raw_encryption',
      'aws_s3_bucket_versioning.raw_versioning',
    ]);
    expect(entries[`${PREFIX}-aurora`]).toEqual(['aws_rds_cluster.aurora', 'aws_rds_cluster_instance.aurora_reader', 'aws_rds_cluster_instance.aurora_writer']);
    expect(entries[`${PREFIX}-screen`]).toEqual(['aws_lambda_function.screen']);
  });
});

describe('after changes made outside the stack', () => {
  let after: { run: CliRun; report: Report };
  let groupId: string;
  let vpcId: string;
  let queueUrl: string;

  beforeAll(async () => {
    const outputs = (JSON.parse(await readFile(outputsPath, 'utf8')) as { pipeline: Record<string, string> }).pipeline;
    groupId = outputs.data_security_group_id!;
    vpcId = outputs.vpc_id!;
    const sqs = new SQSClient(aws());
    queueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: `${PREFIX}-alerts` }))).QueueUrl!;
    const ec2 = new EC2Client(aws());
    await new S3Client({ ...aws(), forcePathStyle: true }).send(new PutBucketVersioningCommand({ Bucket: `${PREFIX}-raw-data`, VersioningConfiguration: { Status: 'Suspended' } }));
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));
    await new LambdaClient(aws()).send(new UpdateFunctionConfigurationCommand({ FunctionName: `${PREFIX}-screen`, MemorySize: 1024 }));
    await ec2.send(new DeleteTagsCommand({ Resources: [vpcId], Tags: [{ Key: 'Owner' }] }));
    await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
    // The same sources as flags this time. The config's `drift.parallelism: 30` as Terraform's own
    // variable: the refresh takes about 15 s instead of 25 s (most of a read is the provider's).
    after = await verify(['--state', statePath, '--outputs', outputsPath, '--drift', '--only', 'live-matches-declared'], { TF_CLI_ARGS_plan: '-parallelism=30' });
  }, 180_000);

  it('fails exactly the changed resources, each naming the attribute, declared and live', () => {
    const results = drift(after.report);
    const failing = Object.fromEntries(Object.entries(results).filter(([, r]) => r.status !== 'pass'));
    const queueId = Object.keys(results).find((id) => id.endsWith(`/${PREFIX}-alerts`))!;
    expect(Object.keys(failing).sort()).toEqual([`${PREFIX}-raw-data`, `${PREFIX}-screen`, groupId, vpcId, queueId].sort());
    expect(failing[`${PREFIX}-raw-data`]!.differences).toEqual(['aws_s3_bucket_versioning.raw_versioning versioning_configuration[0].status: declared "Enabled", live "Suspended"']);
    expect(failing[`${PREFIX}-screen`]!.differences).toEqual(['memory_size: declared 512, live 1024']);
    expect(failing[groupId]!.differences).toEqual([expect.stringMatching(/^ingress: live \{"cidr_blocks":\["0\.0\.0\.0\/0"\],"from_port":22,.*\}, not declared$/)]);
    expect(failing[vpcId]!.differences).toEqual(['tags.Owner: declared "data-platform", live (unset)']);
    expect(failing[queueId]).toMatchObject({ drift: 'deleted', differences: ['the resource: deleted'] });
    expect(Object.values(results).filter((r) => r.status === 'pass')).toHaveLength(28);
    expect(after.report.accounting.drift).toEqual({ asDeclared: 28, drifted: 4, deleted: 1 });
    expect(after.run.stdout).toMatch(/28 live as declared, 4 drifted, 1 deleted/);
    expect(after.run.code).toBe(1);
  });
});
