/**
 * State files: detection, the three formats, what each entry becomes (its own resource, folded
 * into the resource it configures, or not placed with the reason), addresses and lines, outputs
 * with `sensitive` honoured, the input errors that name the file, and that nothing but the
 * identifying attributes is ever kept.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../src/errors.js';
import { parseStateFile, readStateFile } from '../../src/sources/state.js';
import { PULUMI_FIXTURE, pulumiExportText } from '../../fixtures/state/pulumi.js';
import { NATIVE_SAMPLE, SAMPLE_KEY, SAMPLE_KEY_ARN, SAMPLE_SECRET, SHOW_SAMPLE, TFSTATE_SAMPLE } from '../../fixtures/state/samples.js';

const SECRET = SAMPLE_SECRET;
const KEY = SAMPLE_KEY;
const KEY_ARN = SAMPLE_KEY_ARN;
const tfstate = TFSTATE_SAMPLE;

describe('Terraform / OpenTofu state, format version 4', () => {
  const text = JSON.stringify(tfstate, null, 2);
  const read = parseStateFile(text, 'terraform.tfstate');

  it('is detected, and each managed instance is a resource with its full address, parts folded into what they configure', () => {
    expect(read.format).toBe('tfstate');
    expect(read.resources.map((r) => [r.source.name, r.type, r.id, r.folded ?? false])).toEqual([
      ['module.storage.aws_s3_bucket.this["raw"]', 'AWS::S3::Bucket', 'tap-raw', false],
      ['module.storage.aws_s3_bucket.this["curated"]', 'AWS::S3::Bucket', 'tap-curated', false],
      ['module.storage.aws_s3_bucket_server_side_encryption_configuration.this["raw"]', 'AWS::S3::Bucket', 'tap-raw', true],
      ['module.storage.aws_s3_bucket_versioning.this["raw"]', 'AWS::S3::Bucket', 'tap-raw', true],
      ['aws_kms_key.cmk', 'AWS::KMS::Key', KEY, false],
      ['aws_kms_alias.cmk', 'AWS::KMS::Key', KEY, true],
      ['aws_rds_cluster.db', 'AWS::RDS::DBCluster', 'tap-aurora', false],
      ['aws_rds_cluster_instance.db[0]', 'AWS::RDS::DBCluster', 'tap-aurora', true],
      ['aws_rds_cluster_instance.db[1]', 'AWS::RDS::DBCluster', 'tap-aurora', true],
      ['aws_db_instance.meta', 'AWS::RDS::DBInstance', 'tap-meta', false],
      ['aws_kinesis_stream.s', 'AWS::Kinesis::Stream', 'tap-events', false],
      ['aws_sqs_queue.q', 'AWS::SQS::Queue', 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs', false],
      ['aws_cloudwatch_log_group.l', 'AWS::Logs::LogGroup', '/app/api', false],
      ['aws_iam_role.r', 'AWS::IAM::Role', 'tap-role', false],
      ['aws_apprunner_service.svc', 'AWS::AppRunner::Service', 'abc', false],
      ['aws_iam_access_key.ci', 'AWS::IAM::User', 'ci-bot', true],
    ]);
  });

  it('keeps the ARN, the region it names, and the line of each instance', () => {
    const key = read.resources.find((r) => r.source.name === 'aws_kms_key.cmk')!;
    expect(key).toMatchObject({ arn: KEY_ARN, region: 'eu-west-1', source: { kind: 'state', format: 'tfstate', origin: 'terraform.tfstate', providerType: 'aws_kms_key' } });
    const lines = text.split('\n');
    for (const r of read.resources) expect(lines[r.source.line! - 1]).toMatch(/^\s*\{$/);
    expect(read.resources[1]!.source.line).toBeGreaterThan(read.resources[0]!.source.line!);
  });

  it('lists what it cannot place, with the reason', () => {
    expect(read.unplaced).toEqual([
      { origin: 'terraform.tfstate', name: 'aws_s3_bucket_policy.orphan', providerType: 'aws_s3_bucket_policy', reason: 'configures a AWS::S3::Bucket but names none (no bucket attribute)' },
      { origin: 'terraform.tfstate', name: 'tls_private_key.k', providerType: 'tls_private_key', reason: 'not an AWS resource (provider "tls")' },
      { origin: 'terraform.tfstate', name: 'aws_iam_service_specific_credential.c', providerType: 'aws_iam_service_specific_credential', reason: 'its identifier looks like a secret, so it is neither shown nor verified' },
    ]);
  });

  it('reads its outputs as outputs, a sensitive one without its value, each with its line', () => {
    expect(read.outputs.map((e) => [e.key, e.value, e.sensitive ?? false])).toEqual([
      ['bucket_name', 'tap-raw', false],
      ['subnet_ids[0]', 'subnet-0aa11bb22cc33dd44', false],
      ['subnet_ids[1]', 'subnet-0ee55ff6600112233', false],
      ['db_password', '', true],
    ]);
    expect(read.outputLines.get('bucket_name')).toBe(text.split('\n').findIndex((l) => l.includes('"bucket_name"')) + 1);
  });

  it('keeps no attribute beyond the identifying ones: no secret anywhere in what it returns', () => {
    expect(JSON.stringify({ ...read, outputLines: [...read.outputLines] })).not.toContain(SECRET);
    expect(JSON.stringify({ ...read, outputLines: [...read.outputLines] })).not.toContain('AKIAIOSFODNN7EXAMPL');
  });
});

describe('`terraform show -json`', () => {
  const show = SHOW_SAMPLE;

  const read = parseStateFile(JSON.stringify(show, null, 2), 'show.json');

  it('walks child modules recursively, managed resources only, each with its address', () => {
    expect(read.format).toBe('terraform-show');
    expect(read.resources.map((r) => [r.source.name, r.type, r.id])).toEqual([
      ['aws_vpc.main', 'AWS::EC2::VPC', 'vpc-0a1b2c3d'],
      ['module.net.aws_subnet.private[0]', 'AWS::EC2::Subnet', 'subnet-0aa11bb22cc33dd44'],
      ['module.net.module.db.aws_db_instance.this["a"]', 'AWS::RDS::DBInstance', 'tap-a'],
    ]);
    expect(read.outputs.map((e) => [e.key, e.sensitive ?? false])).toEqual([['vpc_id', false], ['token', true]]);
    expect(JSON.stringify({ ...read, outputLines: [] })).not.toContain(SECRET);
  });
});

describe('`pulumi stack export`', () => {
  const text = pulumiExportText({ suffix: 'dev', cmkId: KEY, cmkArn: `arn:aws:kms:us-east-1:123456789012:key/${KEY}` });
  const read = parseStateFile(text, 'stack.json');

  it('reads custom AWS resources by their Pulumi types; the stack, providers and components are not resources', () => {
    expect(read.format).toBe('pulumi-export');
    expect(read.resources.map((r) => [r.source.providerType, r.type, r.id, r.folded ?? false])).toEqual([
      ['aws:kms/key:Key', 'AWS::KMS::Key', KEY, false],
      ['aws:kms/alias:Alias', 'AWS::KMS::Key', KEY, true],
      ['aws:s3/bucketV2:BucketV2', 'AWS::S3::Bucket', 'pulumi-data-dev', false],
      ['aws:s3/bucketV2:BucketV2', 'AWS::S3::Bucket', 'pulumi-logs-dev', false],
      ['aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2', 'AWS::S3::Bucket', 'pulumi-logs-dev', true],
      ['aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2', 'AWS::S3::Bucket', 'pulumi-data-dev', true],
      ['aws:kinesis/stream:Stream', 'AWS::Kinesis::Stream', 'pulumi-events-dev', false],
      ['aws:dynamodb/table:Table', 'AWS::DynamoDB::Table', 'pulumi-ledger-dev', false],
      ['aws:iam/role:Role', 'AWS::IAM::Role', 'pulumi-ingest-dev', false],
    ]);
    expect(read.resources[0]!.source.name).toBe('urn:pulumi:dev::pipeline::aws:kms/key:Key::cmk');
    expect(read.unplaced).toEqual([
      { origin: 'stack.json', name: 'urn:pulumi:dev::pipeline::random:index/randomPassword:RandomPassword::db', providerType: 'random:index/randomPassword:RandomPassword', reason: 'not an AWS resource (package "random")' },
    ]);
  });

  it("reads the stack's outputs, a secret one as sensitive, and keeps no secret", () => {
    expect(read.outputs.map((e) => [e.key, e.value, e.sensitive ?? false])).toEqual([
      ['dataBucketName', 'pulumi-data-dev', false],
      ['region', 'us-east-1', false],
      ['dbPassword', '', true],
    ]);
    expect(JSON.stringify({ ...read, outputLines: [] })).not.toContain(PULUMI_FIXTURE.secret);
  });
});

describe('`pulumi stack export` with the aws-native provider', () => {
  it('maps aws-native types to CloudFormation types and their ids as physical ids', () => {
    const doc = NATIVE_SAMPLE;

    const read = parseStateFile(JSON.stringify(doc), 'native.json');
    expect(read.resources.map((r) => [r.type, r.id, r.region])).toEqual([
      // No ARN names their region: their provider's other resources do.
      ['AWS::S3::Bucket', 'native-data', 'eu-west-1'],
      ['AWS::SQS::Queue', 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs', 'eu-west-1'],
      ['AWS::RDS::DBInstance', 'native-db', 'eu-west-1'],
      ['AWS::ElasticLoadBalancingV2::TargetGroup', 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067', 'eu-west-1'],
    ]);
    expect(read.resources[0]!.source.providerType).toBe('aws-native:s3:Bucket');
    expect(read.unplaced.map((u) => [u.providerType, u.reason])).toEqual([['aws-native:iam:AccessKey', 'its identifier looks like a secret, so it is neither shown nor verified']]);
  });
});

describe('bad state files: an input error naming the file', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['not JSON', 'resource "aws_s3_bucket" "x" {}', /^State file bad\.tfstate is not valid JSON \(InvalidSymbol at line 1\)/],
    ['truncated', JSON.stringify(tfstate, null, 2).slice(0, 400), /^State file bad\.tfstate is not valid JSON \(\w+ at line \d+\), it looks cut short; pull the state again/],
    ['format version 3', JSON.stringify({ version: 3, terraform_version: '0.11.14', serial: 1, modules: [] }), /^State file bad\.tfstate is state format version 3, written by Terraform before 0\.12, which postflight does not read; upgrade/],
    ['a newer format version', JSON.stringify({ version: 5, terraform_version: '2.0.0', resources: [] }), /^State file bad\.tfstate is state format version 5, newer than/],
    ['an outputs file', JSON.stringify({ BucketName: 'x' }), /^State file bad\.tfstate is not a state postflight knows; pass .+ \(an outputs file goes to --outputs\)\.$/],
    ['a list', '[]', /^State file bad\.tfstate holds a list at the top level, not a state/],
    ['empty', '  \n', /^State file bad\.tfstate is empty/],
  ];
  it.each(cases)('%s', (_what, text, message) => {
    let err: unknown;
    try {
      parseStateFile(text, 'bad.tfstate');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).not.toContain(SECRET);
  });

  it('a missing file, a folder, and CDKTF state under its stack folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'postflight-state-'));
    await expect(readStateFile(join(dir, 'nope.tfstate'), 'nope.tfstate')).rejects.toThrow(/^State file nope\.tfstate does not exist; pass the path/);
    await expect(readStateFile(dir, 'cdktf.out')).rejects.toThrow(/^State path cdktf\.out is a directory; pass the state file inside it \(for CDKTF: cdktf\.out\/stacks\/<stack>\/terraform\.<stack>\.tfstate\)/);
    const stackDir = join(dir, 'cdktf.out', 'stacks', 'TapStackdev');
    await mkdir(stackDir, { recursive: true });
    await writeFile(join(stackDir, 'terraform.TapStackdev.tfstate'), JSON.stringify(tfstate));
    const read = await readStateFile(join(stackDir, 'terraform.TapStackdev.tfstate'), 'cdktf.out/stacks/TapStackdev/terraform.TapStackdev.tfstate');
    expect(read.resources.length).toBe(16);
    expect(read.origin).toBe('cdktf.out/stacks/TapStackdev/terraform.TapStackdev.tfstate');
  });
});
