/**
 * Every resource a stack deployed, from each source, end to end against moto: resources deployed
 * with the SDK and the state files written from them (Terraform state v4 and `terraform show
 * -json`), a CloudFormation stack created in moto from a template (with a nested stack), and a
 * Pulumi export. In each, a defect on a resource no output names fails on that resource, and a
 * compliant stack passes with every resource verified. The real CLI as a subprocess where the
 * exit code and the console are what is proved; `verify` in process elsewhere.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, CreateStackCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import {
  CreateBucketCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { deployPipelineStack, type DeployedStack } from '../../fixtures/stacks/pipeline.js';
import { STATE_RESOURCE_COUNT, STATE_SECRET, showJsonOf, tfstateOf } from '../../fixtures/stacks/pipeline-state.js';
import { deployPulumiFixture, PULUMI_FIXTURE } from '../../fixtures/state/pulumi.js';
import { emulatorEnv } from '../../src/demo/moto.js';
import { MOTO_BLIND_CHECKS } from '../../src/demo/demo.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { useMoto } from '../helpers/moto.js';
import { junitSchemaErrors } from '../helpers/report-fixtures.js';
import { expectedSkip } from '../helpers/pipeline-e2e.js';

const moto = useMoto();
const SKIP = ['--skip', MOTO_BLIND_CHECKS.join(',')];

interface JsonReport {
  exitCode: number;
  results: Array<{ checkId: string; status: string; message: string; resource: { type: string; id: string } }>;
  resources: Array<{ type: string; id: string; keys: string[]; providerType?: string; sources?: Array<{ kind: string; format: string; origin: string; name: string; providerType?: string; line?: number }> }>;
  accounting: { resources: number; verified: number; withoutCheck: number; skippedOnly: number; withoutCheckByType: Array<{ type: string; count: number }>; unplaced: number };
  sources: Array<{ kind: string; format: string; origin: string; resources: number; outputs: number }>;
  unplaced: Array<{ origin: string; name: string; providerType?: string; reason: string }>;
  unrecognised: string[];
  redacted: string[];
  apiCalls: Record<string, number>;
}

const junits: string[] = [];
afterAll(async () => {
  expect(junits.length).toBeGreaterThan(0);
  expect(await junitSchemaErrors(junits)).toEqual([]);
});

async function dirFor(name: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `postflight-src-${name}-`));
}

async function verify(dir: string, args: string[]) {
  const junit = join(dir, 'reports', 'junit.xml');
  const json = join(dir, 'reports', 'postflight.json');
  const run = await runCli(['verify', ...args, '--junit', junit, '--json', json, '--no-color', ...SKIP], { cwd: dir, env: cleanEnv(emulatorEnv(moto().endpoint)) });
  if (run.code === 2) return { run, report: undefined, junitText: '', json };
  const junitText = await readFile(junit, 'utf8');
  junits.push(junitText);
  return { run, report: JSON.parse(await readFile(json, 'utf8')) as JsonReport, junitText, json };
}

/**
 * The results that did not pass. A VPC without NAT gateways (the CloudFormation stacks here have
 * none) is skipped by the NAT gateway check, saying so, and so are the subnets the stack calls
 * public by the private-subnet checks: those are not findings.
 */
function notPassing(report: JsonReport) {
  return report.results
    .filter((r) => r.status !== 'pass' && !(r.status === 'skipped' && r.checkId === 'ec2-vpc-nat-gateways-span-azs') && !expectedSkip(r))
    .map((r) => `${r.checkId} ${r.resource.id} ${r.status}`);
}

describe('--state: Terraform / OpenTofu state, format version 4', () => {
  let stack: DeployedStack;
  let dir: string;
  beforeAll(async () => {
    stack = await deployPipelineStack({ endpoint: moto().endpoint, suffix: 'tfs', defects: ['logs-bucket-sse-s3'] });
    dir = await dirFor('tfstate');
    await writeFile(join(dir, 'terraform.tfstate'), JSON.stringify(tfstateOf(stack), null, 2));
  }, 120_000);

  it('verifies every resource of the state, fails the bucket no output names on SSE-S3, and lists the types without a check (exit 1)', async () => {
    // Without the required-tags check (which judges every type), the dashboard has no check.
    const { run, report, junitText } = await verify(dir, ['--state', 'terraform.tfstate', '--skip', 'resource-has-required-tags']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    // The outputs name two resources; the state deployed all of them.
    expect(report!.accounting).toMatchObject({ resources: STATE_RESOURCE_COUNT, verified: STATE_RESOURCE_COUNT - 1, withoutCheck: 1 });
    expect(report!.accounting.withoutCheckByType).toEqual([{ type: 'aws_cloudwatch_dashboard', count: 1 }]);
    expect(notPassing(report!)).toEqual([`s3-bucket-default-encryption-cmk ${stack.ids.logsBucket} fail`]);
    const logs = report!.resources.find((r) => r.id === stack.ids.logsBucket)!;
    expect(logs.keys).toEqual([]);
    expect(logs.sources!.map((s) => s.name)).toEqual([
      'module.storage.aws_s3_bucket.this["logs"]',
      'module.storage.aws_s3_bucket_server_side_encryption_configuration.this["logs"]',
      'module.storage.aws_s3_bucket_lifecycle_configuration.this["logs"]',
      'module.storage.aws_s3_bucket_public_access_block.this["logs"]',
    ]);
    expect(logs.sources![0]!.line).toBeGreaterThan(1);
    // Cluster members fold into their cluster; every subnet gets a result.
    expect(report!.resources.filter((r) => r.type === 'AWS::RDS::DBInstance').map((r) => r.id)).toEqual([stack.ids.dbInstance]);
    for (const subnet of [...stack.ids.publicSubnets, ...stack.ids.privateSubnets]) {
      expect(report!.results.find((r) => r.checkId === 'ec2-subnets-span-azs' && r.resource.id === subnet)?.status).toBe('pass');
    }
    expect(report!.unplaced).toEqual([{ origin: 'terraform.tfstate', name: 'random_password.db', providerType: 'random_password', reason: 'not an AWS resource (provider "random")' }]);
    expect(report!.redacted).toEqual(['db_password']);
    // The console says it plainly.
    expect(run.stdout).toContain(`${STATE_RESOURCE_COUNT} resources, ${STATE_RESOURCE_COUNT - 1} verified, 1 without a check (by type: aws_cloudwatch_dashboard 1)`);
    expect(run.stdout.replace(/\s+/g, ' ')).toMatch(/from state: module\.storage\.aws_s3_bucket\.this\["logs"\] \(terraform\.tfstate:\d+\), /);
    expect(junitText).toContain('name="postflight.resources"');
    expect(junitText).toMatch(/<testcase classname="s3-bucket-default-encryption-cmk" name="AWS::S3::Bucket pipeline-access-logs-tfs" time="0">\s*<failure/);
    // The state's secrets appear nowhere.
    for (const text of [run.stdout, run.stderr, junitText, JSON.stringify(report)]) expect(text).not.toContain(STATE_SECRET);
  }, 60_000);

  it('with the outputs file too: a resource both name is one resource listing both sources', async () => {
    // The state holds the stack's storage, data, messaging and logs; its compute tier (NAT gateways,
    // the edge instance and volume, the NLB, the worker group) is not in it, so its outputs are left out.
    const computeKeys = stack.computeOutputKeys;
    expect(computeKeys.length).toBeGreaterThan(0);
    const outputs = Object.fromEntries(
      Object.entries(stack.outputs).map(([name, values]) => [name, Object.fromEntries(Object.entries(values).filter(([k]) => !computeKeys.includes(k)))]),
    );
    await writeFile(join(dir, 'outputs.json'), JSON.stringify(outputs));
    const { run, report } = await verify(dir, ['--outputs', 'outputs.json', '--state', 'terraform.tfstate']);
    expect(run.code).toBe(1);
    const data = report!.resources.filter((r) => r.id === stack.ids.dataBucket);
    expect(data).toHaveLength(1);
    // The outputs file's two keys, the state's own output, then the bucket and its three configuration resources.
    expect(data[0]!.sources!.map((s) => `${s.kind} ${s.origin}`)).toEqual([
      'outputs outputs.json',
      'outputs outputs.json',
      'outputs terraform.tfstate',
      ...Array(4).fill('state terraform.tfstate'),
    ]);
    expect(report!.sources.map((s) => [s.kind, s.origin])).toEqual([
      ['outputs', 'outputs.json'],
      ['state', 'terraform.tfstate'],
    ]);
    // Nothing is counted twice.
    expect(report!.accounting.resources).toBe(STATE_RESOURCE_COUNT);
  }, 60_000);

  it('discover --state shows what the state gave, without calling AWS', async () => {
    const run = await runCli(['discover', '--state', 'terraform.tfstate', '--json'], { cwd: dir, env: cleanEnv({ AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }) });
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { resources: JsonReport['resources']; sources: JsonReport['sources']; unplaced: JsonReport['unplaced'] };
    expect(out.resources).toHaveLength(STATE_RESOURCE_COUNT);
    expect(out.sources).toEqual([{ kind: 'state', format: 'tfstate', origin: 'terraform.tfstate', resources: STATE_RESOURCE_COUNT, outputs: 3 }]);
    expect(run.stdout).not.toContain(STATE_SECRET);
  });
});

describe('--state: bad input', () => {
  it.each([
    ['of format version 3', JSON.stringify({ version: 3, terraform_version: '0.11.14', serial: 4, modules: [{ path: ['root'], resources: {} }] }), /^postflight: State file old\.tfstate is state format version 3, written by Terraform before 0\.12, .+\.\n$/],
    ['that is cut short', JSON.stringify({ version: 4, terraform_version: '1.9.5', resources: [{ mode: 'managed', type: 'aws_s3_bucket' }] }).slice(0, 60), /^postflight: State file old\.tfstate is not valid JSON \(.+\), it looks cut short; .+\.\n$/],
  ])('a state file %s: exit 2, one sentence naming the file, no report', async (_what, text, message) => {
    const dir = await dirFor('bad-state');
    await writeFile(join(dir, 'old.tfstate'), text);
    const { run, json } = await verify(dir, ['--state', 'old.tfstate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(existsSync(json)).toBe(false);
  });
});

describe('--state: `terraform show -json`', () => {
  it('passes a compliant stack with every resource that has a check verified (exit 0)', async () => {
    const stack = await deployPipelineStack({ endpoint: moto().endpoint, suffix: 'show' });
    const dir = await dirFor('show');
    await writeFile(join(dir, 'show.json'), JSON.stringify(showJsonOf(stack)));
    const { run, report } = await verify(dir, ['--state', 'show.json']);
    expect(run.stderr).toBe('');
    expect(notPassing(report!)).toEqual([]);
    expect(run.code).toBe(0);
    // The dashboard's one check, the required tags, is skipped (none are configured): nothing verified it.
    expect(report!.accounting).toMatchObject({ resources: STATE_RESOURCE_COUNT, verified: STATE_RESOURCE_COUNT - 1, skippedOnly: 0, withoutCheck: 1 });
    expect(report!.sources).toEqual([{ kind: 'state', format: 'terraform-show', origin: 'show.json', resources: STATE_RESOURCE_COUNT, outputs: 3 }]);
    // The stack's CMK comes from the state's aws_kms_key, with no config.
    const cmk = report!.results.find((r) => r.checkId === 's3-bucket-default-encryption-cmk');
    expect(cmk?.status).toBe('pass');
    expect(JSON.stringify(report)).toContain('"stackKeysFrom":"state"');
  }, 120_000);
});

/** Every bucket of the stacks is versioned and blocks public access (as the template says and, on moto, as put after). */
const BUCKET_PROTECTION = {
  VersioningConfiguration: { Status: 'Enabled' as const },
  PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
};

/** A CloudFormation stack in moto: a CMK, two buckets, a VPC with two subnets and its flow log, a role, and a nested stack. */
function template(defect: boolean) {
  const lifecycle = {
    Rules: [
      { Id: 'archive', Status: 'Enabled', Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }] },
      { Id: 'expire-old-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 90 } },
    ],
  };
  const kms = { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': ['Key', 'Arn'] } } }] };
  const sseS3 = { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] };
  return {
    Resources: {
      // The policy as a JSON string: moto's DescribeKey fails (HTTP 500) on a key CloudFormation created with a policy object; AWS takes either.
      // Every principal of the account (moto's 123456789012), as AWS's own key policies limit "*".
      Key: {
        Type: 'AWS::KMS::Key',
        Properties: {
          EnableKeyRotation: true,
          KeyPolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*', Condition: { StringEquals: { 'kms:CallerAccount': '123456789012' } } }] }),
        },
      },
      Data: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: kms, LifecycleConfiguration: lifecycle, ...BUCKET_PROTECTION } },
      Logs: { Type: 'AWS::S3::Bucket', Properties: { BucketEncryption: defect ? sseS3 : kms, LifecycleConfiguration: lifecycle, ...BUCKET_PROTECTION } },
      Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.9.0.0/16' } },
      SubA: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.9.0.0/24', AvailabilityZone: 'us-east-1a' } },
      SubB: { Type: 'AWS::EC2::Subnet', Properties: { VpcId: { Ref: 'Vpc' }, CidrBlock: '10.9.1.0/24', AvailabilityZone: 'us-east-1b' } },
      FlowLog: { Type: 'AWS::EC2::FlowLog', Properties: { ResourceId: { Ref: 'Vpc' }, ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: { 'Fn::GetAtt': ['Logs', 'Arn'] } } },
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } } },
      Nested: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://cfn-templates.s3.amazonaws.com/nested.json' } },
    },
    Outputs: { VpcId: { Value: { Ref: 'Vpc' } }, DataBucketName: { Value: { Ref: 'Data' } } },
  };
}

const NESTED = { Resources: { Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } } } } };

describe('--stack: a CloudFormation stack read live', () => {
  beforeAll(async () => {
    const cfg = { region: 'us-east-1', endpoint: moto().endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
    const s3 = new S3Client({ ...cfg, forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'cfn-templates' }));
    await s3.send(new PutObjectCommand({ Bucket: 'cfn-templates', Key: 'nested.json', Body: JSON.stringify(NESTED) }));
    const cfn = new CloudFormationClient(cfg);
    for (const [name, defect] of [['AppDefect', true], ['AppOk', false]] as const) {
      await cfn.send(new CreateStackCommand({ StackName: name, TemplateBody: JSON.stringify(template(defect)) }));
      // moto's CloudFormation leaves out a bucket's LifecycleConfiguration, VersioningConfiguration and
      // PublicAccessBlockConfiguration (AWS applies them): put them as the template says.
      const listed = await cfn.send(new ListStackResourcesCommand({ StackName: name }));
      for (const r of listed.StackResourceSummaries ?? []) {
        if (r.ResourceType !== 'AWS::S3::Bucket') continue;
        await s3.send(
          new PutBucketLifecycleConfigurationCommand({
            Bucket: r.PhysicalResourceId!,
            LifecycleConfiguration: {
              Rules: [
                { ID: 'archive', Status: 'Enabled', Filter: { Prefix: '' }, Transitions: [{ Days: 90, StorageClass: 'GLACIER' }] },
                { ID: 'expire-old-versions', Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 90 } },
              ],
            },
          }),
        );
        await s3.send(new PutBucketVersioningCommand({ Bucket: r.PhysicalResourceId!, VersioningConfiguration: BUCKET_PROTECTION.VersioningConfiguration }));
        await s3.send(new PutPublicAccessBlockCommand({ Bucket: r.PhysicalResourceId!, PublicAccessBlockConfiguration: BUCKET_PROTECTION.PublicAccessBlockConfiguration }));
        // The stack's TLS-only bucket policy (an AWS::S3::BucketPolicy on AWS), put here as the template's other settings are.
        const arn = `arn:aws:s3:::${r.PhysicalResourceId!}`;
        const tlsOnly = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [arn, `${arn}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } };
        await s3.send(new PutBucketPolicyCommand({ Bucket: r.PhysicalResourceId!, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [tlsOnly] }) }));
      }
    }
    s3.destroy();
    cfn.destroy();
  }, 60_000);

  it('verifies every resource of the stack and its nested stack, and fails the bucket no output names (exit 1)', async () => {
    const dir = await dirFor('cfn');
    const { run, report, junitText } = await verify(dir, ['--stack', 'AppDefect']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const logs = report!.resources.find((r) => r.sources?.some((s) => s.name === 'Logs'))!;
    expect(logs.keys).toEqual([]);
    expect(notPassing(report!)).toEqual([`s3-bucket-default-encryption-cmk ${logs.id} fail`]);
    // Key, two buckets, VPC, two subnets, the flow log, the role, and the nested stack's role: the flow
    // log has no check but the required-tags one, skipped without requiredTags, so it is not verified.
    expect(report!.accounting).toMatchObject({ resources: 9, verified: 8, withoutCheck: 1, withoutCheckByType: [{ type: 'AWS::EC2::FlowLog', count: 1 }] });
    expect(report!.resources.find((r) => r.sources?.some((s) => s.name === 'Nested.Role'))?.type).toBe('AWS::IAM::Role');
    const data = report!.resources.find((r) => r.sources?.some((s) => s.name === 'Data'))!;
    expect(data.sources!.map((s) => s.kind)).toEqual(['outputs', 'stack']);
    expect(report!.sources).toEqual([{ kind: 'stack', format: 'cloudformation-stack', origin: 'AppDefect', resources: 9, outputs: 2 }]);
    expect(run.stdout).toContain('9 resources, 8 verified, 1 without a check (by type: AWS::EC2::FlowLog 1)');
    expect(junitText).toContain('AppDefect');
  }, 60_000);

  it('passes a compliant stack with every resource that has a check verified (exit 0)', async () => {
    const dir = await dirFor('cfn-ok');
    const { run, report } = await verify(dir, ['--stack', 'AppOk']);
    expect(notPassing(report!)).toEqual([]);
    expect(run.code).toBe(0);
    expect(report!.accounting).toMatchObject({ resources: 9, verified: 8, withoutCheck: 1 });
    expect(report!.apiCalls).toMatchObject({ 'cloudformation:DescribeStacks': 1, 'cloudformation:ListStackResources': 2 });
  }, 60_000);

  it('a stack that does not exist stops the run with exit 2 naming it, and leaves no report', async () => {
    const dir = await dirFor('cfn-missing');
    const { run, json } = await verify(dir, ['--stack', 'NoSuchStack']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^postflight: The CloudFormation stack NoSuchStack does not exist in us-east-1; .+\n$/);
    expect(existsSync(json)).toBe(false);
  });
});

describe('--state: a Pulumi export', () => {
  it('verifies every resource of the export and fails the bucket no output names; compliant, it passes', async () => {
    const dir = await dirFor('pulumi');
    const deployed = await deployPulumiFixture(moto().endpoint, { dir, defect: true });
    const failing = await verify(dir, ['--state', deployed.file]);
    expect(failing.run.stderr).toBe('');
    expect(notPassing(failing.report!)).toEqual([`s3-bucket-default-encryption-cmk ${deployed.logsBucket} fail`]);
    expect(failing.run.code).toBe(1);
    // Every resource has a check, the role included.
    expect(failing.report!.accounting).toMatchObject({ resources: deployed.resources, withoutCheck: 0, withoutCheckByType: [] });
    expect(failing.report!.unplaced.map((u) => u.providerType)).toEqual(['random:index/randomPassword:RandomPassword']);
    expect(JSON.stringify(failing.report)).not.toContain(PULUMI_FIXTURE.secret);

    const okDir = await dirFor('pulumi-ok');
    const ok = await deployPulumiFixture(moto().endpoint, { dir: okDir, defect: false });
    const passing = await verify(okDir, ['--state', ok.file]);
    expect(notPassing(passing.report!)).toEqual([]);
    expect(passing.run.code).toBe(0);
    expect(passing.report!.accounting).toMatchObject({ resources: ok.resources, verified: ok.resources });
  }, 120_000);
});
