/**
 * --drift end to end: a plain HCL stack applied with the real Terraform against moto, then the CLI
 * as a subprocess. One apply for the file; the out-of-band changes are made once, and several
 * runs are read from then on:
 * - the untouched stack passes with zero drift, moto's own differences included (tags read back
 *   as `{}`, a Lambda's `layers` as `[]`, a role's policy document re-serialised, a key's
 *   rotation period the provider records as 0 because moto does not report it);
 * - after versioning is suspended, a security-group rule added (to a group whose rules are written
 *   out, and to one whose rules come from a `dynamic` block), a Lambda's memory changed, a tag
 *   removed and the queue deleted through the SDK, exactly those resources fail, each naming the
 *   attribute (the queue as deleted);
 * - `--drift-plan` with a saved `show -json` of a refresh-only plan gives the same results;
 * - no Terraform on the PATH, and a folder never initialised: every drift result is an error
 *   naming the tool or the command to run, exit 3; `--drift-tool tofu` runs `tofu`.
 *
 * The queue is created with the SDK and imported (an `import` block): creating one through the
 * provider waits about 25 s for six consistent reads of its attributes, importing one does not.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EC2Client, AuthorizeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { LambdaClient, UpdateFunctionConfigurationCommand } from '@aws-sdk/client-lambda';
import { PutBucketTaggingCommand, PutBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, DeleteQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { emulatorEnv } from '../../src/demo/moto.js';
import { cleanEnv, runCli, type CliRun } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';
import { terraformStack, type TerraformStack } from '../helpers/terraform.js';

const moto = useMoto();

/** A zip holding `index.py` (stored, not deflated), so that the test needs no zip tool. */
function lambdaZip(): Buffer {
  const name = Buffer.from('index.py');
  const data = Buffer.from('def handler(event, context):\n    return 1\n');
  let crc = 0xffffffff;
  for (const b of data) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  crc = (crc ^ 0xffffffff) >>> 0;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(name.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(name.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + name.length, 12);
  end.writeUInt32LE(30 + name.length + data.length, 16);
  return Buffer.concat([local, name, data, central, name, end]);
}

const QUEUE = 'drift-jobs';

function stackHcl(queueUrl: string): string {
  return `
variable "env" {
  default = "test"
}

resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
  tags       = { Name = "drift", Env = var.env }
}

resource "aws_subnet" "app" {
  count             = 2
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.20.\${count.index}.0/24"
  availability_zone = count.index == 0 ? "us-east-1a" : "us-east-1b"
  tags              = { Name = "app-\${count.index}" }
}

resource "aws_security_group" "web" {
  name        = "drift-web"
  description = "web"
  vpc_id      = aws_vpc.main.id
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# Rules from a dynamic block: left out of the plan's JSON, read from this file.
resource "aws_security_group" "api" {
  name        = "drift-api"
  description = "api"
  vpc_id      = aws_vpc.main.id
  dynamic "ingress" {
    for_each = [8080, 8443]
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["10.20.0.0/16"]
    }
  }
}

resource "aws_s3_bucket" "data" {
  bucket = "postflight-drift-data"
  tags   = { Team = "data", Env = var.env }
}

resource "aws_s3_bucket_versioning" "data" {
  bucket = aws_s3_bucket.data.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_kms_key" "app" {
  description             = "drift"
  enable_key_rotation     = true
  rotation_period_in_days = 90
  deletion_window_in_days = 7
}

resource "aws_kms_alias" "app" {
  name          = "alias/drift-app"
  target_key_id = aws_kms_key.app.key_id
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/drift/app"
  retention_in_days = 14
  kms_key_id        = aws_kms_key.app.arn
}

resource "aws_ssm_parameter" "mode" {
  name  = "/drift/mode"
  type  = "String"
  value = "prod"
}

resource "aws_iam_role" "fn" {
  name = "drift-fn-role"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
}

resource "aws_lambda_function" "fn" {
  function_name = "drift-fn"
  role          = aws_iam_role.fn.arn
  runtime       = "python3.12"
  handler       = "index.handler"
  filename      = "\${path.module}/fn.zip"
  memory_size   = 256
  environment {
    variables = { MODE = "prod" }
  }
}

import {
  to = aws_sqs_queue.jobs
  id = "${queueUrl}"
}

resource "aws_sqs_queue" "jobs" {
  name                       = "${QUEUE}"
  visibility_timeout_seconds = 45
}
`;
}

interface DriftResult {
  checkId: string;
  status: string;
  message: string;
  resource: { type: string; id: string };
  evidence: { engine?: string; drift?: string; differences?: string[] };
}
interface Report {
  exitCode: number;
  results: DriftResult[];
  accounting: { drift?: { asDeclared: number; drifted: number; deleted: number } };
  stats: { drift?: { engines: Array<{ engine: string; version?: string; ms: number; error?: string }> } };
}

let tf: TerraformStack;
let root: string;
let cacheDir: string;
const aws = () => ({ region: 'us-east-1', endpoint: moto().endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return cleanEnv({ ...emulatorEnv(moto().endpoint), TF_CLI_CONFIG_FILE: tf.env.TF_CLI_CONFIG_FILE!, POSTFLIGHT_CACHE_DIR: cacheDir, ...extra });
}

let runs = 0;
async function verify(args: string[], e: NodeJS.ProcessEnv = env()): Promise<{ run: CliRun; report: Report }> {
  const out = join(root, `run-${++runs}`);
  const run = await runCli(['verify', '--state', tf.statePath, '--only', 'live-matches-declared', '--no-color', '--junit', join(out, 'junit.xml'), '--json', join(out, 'report.json'), ...args], {
    cwd: root,
    env: e,
    timeoutMs: 240_000,
  });
  if (run.code === 2) throw new Error(`verify exited 2: ${run.stderr}`);
  return { run, report: JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report };
}

/** resource id → status, and the differences each names. */
function byResource(report: Report): Record<string, { status: string; differences: string[] }> {
  const out: Record<string, { status: string; differences: string[] }> = {};
  for (const r of report.results.filter((x) => x.checkId === 'live-matches-declared')) {
    expect(out[r.resource.id]).toBeUndefined(); // ids are unique in this stack
    out[r.resource.id] = { status: r.status, differences: r.evidence.differences ?? [] };
  }
  return out;
}

let baseline: { run: CliRun; report: Report };

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'postflight-drift-'));
  cacheDir = join(root, 'cache');
  const queue = await new SQSClient(aws()).send(
    // The provider's defaults, so that importing it changes nothing (and waits for nothing).
    new CreateQueueCommand({ QueueName: QUEUE, Attributes: { VisibilityTimeout: '45', MaximumMessageSize: '262144' } }),
  );
  tf = await terraformStack({ dir: join(root, 'stack'), files: { 'main.tf': stackHcl(queue.QueueUrl!) }, endpoint: moto().endpoint });
  await writeFile(join(tf.dir, 'fn.zip'), lambdaZip());
  await tf.init();
  await tf.apply();
  // The plan file holds the state's secrets: the run writes it to a private folder of its own and removes it.
  await mkdir(join(root, 'tmp'));
  baseline = await verify(['--drift'], env({ TMPDIR: join(root, 'tmp') }));
}, 300_000);

describe('an untouched stack', () => {
  it('passes with zero drift, every resource live as declared (moto reading back tags, layers and policies its own way)', () => {
    const { run, report } = baseline;
    const results = byResource(report);
    expect(Object.keys(results).length).toBeGreaterThanOrEqual(11);
    expect(Object.entries(results).filter(([, r]) => r.status !== 'pass')).toEqual([]);
    expect(report.accounting.drift).toEqual({ asDeclared: Object.keys(results).length, drifted: 0, deleted: 0 });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/live as declared, 0 drifted, 0 deleted/);
  });

  it('leaves no plan file behind', async () => {
    expect((await readdir(join(root, 'tmp'))).filter((f) => f.startsWith('postflight-'))).toEqual([]);
  });

  it('says which engine ran, its version and its time', () => {
    const engines = baseline.report.stats.drift?.engines ?? [];
    expect(engines).toEqual([expect.objectContaining({ engine: 'terraform', version: expect.stringMatching(/^1\.\d+\.\d+/) })]);
    expect(engines[0]!.ms).toBeGreaterThan(0);
    expect(baseline.run.stdout).toMatch(/drift engine\s+terraform 1\.\d+\.\d+ on /);
  });
});

describe('after changes made outside the stack', () => {
  let live: { run: CliRun; report: Report };
  let apiGroup: string;
  let webGroup: string;
  let saved: { run: CliRun; report: Report };

  beforeAll(async () => {
    const s3 = new S3Client({ ...aws(), forcePathStyle: true });
    const bucket = 'postflight-drift-data';
    await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Suspended' } }));
    await s3.send(new PutBucketTaggingCommand({ Bucket: bucket, Tagging: { TagSet: [{ Key: 'Env', Value: 'test' }] } }));
    const state = JSON.parse(await readFile(tf.statePath, 'utf8')) as { resources: Array<{ type: string; instances: Array<{ attributes: { id: string; url?: string } }> }> };
    const idOf = (type: string, name?: string) => state.resources.find((r) => r.type === type && (!name || (r as { name?: string }).name === name))!.instances[0]!.attributes.id;
    const ec2 = new EC2Client(aws());
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: idOf('aws_security_group', 'web'), IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }),
    );
    await ec2.send(
      new AuthorizeSecurityGroupIngressCommand({ GroupId: idOf('aws_security_group', 'api'), IpPermissions: [{ IpProtocol: 'tcp', FromPort: 9090, ToPort: 9090, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }),
    );
    apiGroup = idOf('aws_security_group', 'api');
    webGroup = idOf('aws_security_group', 'web');
    await new LambdaClient(aws()).send(new UpdateFunctionConfigurationCommand({ FunctionName: 'drift-fn', MemorySize: 512 }));
    await new SQSClient(aws()).send(new DeleteQueueCommand({ QueueUrl: idOf('aws_sqs_queue') }));

    // The live run, and a refresh-only plan saved for --drift-plan, at once.
    const planJson = join(root, 'drift-plan.json');
    const savePlan = (async () => {
      const planFile = join(root, 'saved.tfplan');
      await tf.run(['plan', '-refresh-only', '-lock=false', '-input=false', '-no-color', `-out=${planFile}`]);
      await writeFile(planJson, JSON.stringify(await tf.show(planFile)));
    })();
    [live] = await Promise.all([verify(['--drift']), savePlan]);
    saved = await verify(['--drift-plan', planJson]);
  }, 400_000);

  const expected = (report: Report) => {
    const r = byResource(report);
    const failing = Object.fromEntries(Object.entries(r).filter(([, x]) => x.status !== 'pass'));
    return { all: r, failing };
  };

  it('fails exactly the changed resources, each naming the changed attribute', () => {
    const { failing, all } = expected(live.report);
    expect(Object.keys(failing).sort()).toEqual(['postflight-drift-data', 'drift-fn', webGroup, apiGroup, Object.keys(all).find((id) => id.endsWith(`/${QUEUE}`))!].sort());
    expect(failing['drift-fn']!.differences).toEqual(['memory_size: declared 256, live 512']);
    const bucket = failing['postflight-drift-data']!.differences;
    expect(bucket).toEqual(
      expect.arrayContaining([
        'aws_s3_bucket.data tags.Team: declared "data", live (unset)',
        'aws_s3_bucket_versioning.data versioning_configuration[0].status: declared "Enabled", live "Suspended"',
      ]),
    );
    expect(bucket).toHaveLength(2);
    expect(failing[webGroup]!.differences).toEqual([expect.stringMatching(/^ingress: live \{"cidr_blocks":\["0\.0\.0\.0\/0"\],"from_port":22,.*\}, not declared$/)]);
    // Rules the stack writes with a dynamic block are compared too.
    expect(failing[apiGroup]!.differences).toEqual([expect.stringMatching(/^ingress: live \{"cidr_blocks":\["0\.0\.0\.0\/0"\],"from_port":9090,.*\}, not declared$/)]);
    expect(live.run.code).toBe(1);
  });

  it('fails the deleted queue as deleted', () => {
    const queue = live.report.results.find((r) => r.resource.type === 'AWS::SQS::Queue')!;
    expect(queue).toMatchObject({ status: 'fail', evidence: { drift: 'deleted', differences: ['the resource: deleted'] } });
    expect(live.report.accounting.drift).toEqual({ asDeclared: Object.keys(byResource(live.report)).length - 5, drifted: 4, deleted: 1 });
    expect(live.run.stdout).toMatch(/4 drifted, 1 deleted/);
  });

  it('--drift-plan with the saved plan gives the same results, without running terraform', () => {
    expect(byResource(saved.report)).toEqual(byResource(live.report));
    expect(saved.run.code).toBe(1);
    expect(saved.report.stats.drift?.engines).toEqual([expect.objectContaining({ engine: 'saved plan' })]);
  });

  it('waives an attribute, not the resource: the waived difference is shown, the others still fail', async () => {
    const config = join(root, 'waive.config.json');
    await writeFile(
      config,
      JSON.stringify({
        waivers: [
          { check: 'live-matches-declared', resource: 'drift-fn', attribute: 'memory_size', reason: 'tuned by the team' },
          { check: 'live-matches-declared', resource: 'postflight-drift-data', attribute: 'tags', reason: 'tags managed elsewhere' },
        ],
      }),
    );
    const { report } = await verify(['--drift-plan', join(root, 'drift-plan.json'), '--config', config]);
    const fn = report.results.find((r) => r.resource.id === 'drift-fn')!;
    expect(fn).toMatchObject({ status: 'pass', evidence: { waived: ['memory_size: declared 256, live 512 (waived: tuned by the team)'] } });
    const bucket = report.results.find((r) => r.resource.id === 'postflight-drift-data')!;
    expect(bucket.status).toBe('fail');
    expect(bucket.evidence.differences).toEqual(['aws_s3_bucket_versioning.data versioning_configuration[0].status: declared "Enabled", live "Suspended"']);
  });
});

describe('when the engine cannot run', () => {
  it('no terraform on the PATH: every drift result is an error naming the tool and how to get it, exit 3', async () => {
    const { run, report } = await verify(['--drift'], env({ PATH: join(root, 'no-such-bin') }));
    const results = report.results.filter((r) => r.checkId === 'live-matches-declared');
    expect(results.length).toBeGreaterThanOrEqual(11);
    for (const r of results) expect(r).toMatchObject({ status: 'error', message: expect.stringMatching(/^terraform is not on the PATH: install Terraform/) });
    expect(run.code).toBe(3);
  });

  it('a folder never initialised: every drift result is an error naming `terraform init` in that folder, exit 3; --drift-tool tofu names tofu', async () => {
    const bare = join(root, 'bare');
    await mkdir(bare);
    await copyFile(join(tf.dir, 'main.tf'), join(bare, 'main.tf'));
    await copyFile(tf.statePath, join(bare, 'terraform.tfstate'));
    const args = ['verify', '--state', join(bare, 'terraform.tfstate'), '--drift', '--only', 'live-matches-declared', '--no-color', '--json', join(bare, 'r.json'), '--junit', join(bare, 'j.xml')];
    const run = await runCli(args, { cwd: root, env: env() });
    const report = JSON.parse(await readFile(join(bare, 'r.json'), 'utf8')) as Report;
    const results = report.results.filter((r) => r.checkId === 'live-matches-declared');
    expect(results.length).toBeGreaterThanOrEqual(11);
    for (const r of results) expect(r).toMatchObject({ status: 'error', message: expect.stringContaining(`run \`terraform init\` in ${bare}`) });
    expect(run.code).toBe(3);

    // OpenTofu is the same engine under another name: the command the user chose is the one run.
    const bin = join(root, 'tofu-bin');
    await mkdir(bin);
    const terraform = (process.env.PATH ?? '').split(':').map((d) => join(d, 'terraform')).find((p) => existsSync(p));
    if (!terraform) throw new Error('terraform is not on the PATH: install Terraform 1.11 to run the drift tests.');
    await symlink(terraform, join(bin, 'tofu'));
    const tofu = await runCli([...args, '--drift-tool', 'tofu'], { cwd: root, env: env({ PATH: bin }) });
    const tofuReport = JSON.parse(await readFile(join(bare, 'r.json'), 'utf8')) as Report;
    for (const r of tofuReport.results.filter((x) => x.checkId === 'live-matches-declared')) {
      expect(r).toMatchObject({ status: 'error', message: expect.stringContaining(`run \`tofu init\` in ${bare}`) });
    }
    expect(tofu.code).toBe(3);
  });
});
