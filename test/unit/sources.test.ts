/**
 * The provider-type table, identifiers from state attributes and CloudFormation physical ids,
 * output-key lines, and merging the sources into one list of resources.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, InputError } from '../../src/errors.js';
import { parseConfig } from '../../src/config/config.js';
import { verify } from '../../src/run.js';
import { identifierFor, identityKey, queueUrlFromArn } from '../../src/sources/identify.js';
import { gather, stateOptions } from '../../src/sources/index.js';
import { lineOf, outputKeyLines } from '../../src/sources/lines.js';
import { classifyTerraformType, terraformTypeOfPulumi } from '../../src/sources/provider-types.js';
import { stackSource } from '../../src/sources/stack.js';
import { MERGE_SAMPLE } from '../../fixtures/state/samples.js';

describe('provider types', () => {
  it.each([
    // the catalogue's types
    ['aws_s3_bucket', 'AWS::S3::Bucket'],
    ['aws_kms_key', 'AWS::KMS::Key'],
    ['aws_kinesis_stream', 'AWS::Kinesis::Stream'],
    ['aws_db_instance', 'AWS::RDS::DBInstance'],
    ['aws_rds_cluster', 'AWS::RDS::DBCluster'],
    ['aws_elasticache_replication_group', 'AWS::ElastiCache::ReplicationGroup'],
    ['aws_efs_file_system', 'AWS::EFS::FileSystem'],
    ['aws_secretsmanager_secret', 'AWS::SecretsManager::Secret'],
    ['aws_dynamodb_table', 'AWS::DynamoDB::Table'],
    ['aws_vpc', 'AWS::EC2::VPC'],
    ['aws_subnet', 'AWS::EC2::Subnet'],
    ['aws_security_group', 'AWS::EC2::SecurityGroup'],
    // messaging, logs, compute, load balancing, scaling
    ['aws_sns_topic', 'AWS::SNS::Topic'],
    ['aws_sqs_queue', 'AWS::SQS::Queue'],
    ['aws_cloudwatch_log_group', 'AWS::Logs::LogGroup'],
    ['aws_instance', 'AWS::EC2::Instance'],
    ['aws_ebs_volume', 'AWS::EC2::Volume'],
    ['aws_nat_gateway', 'AWS::EC2::NatGateway'],
    ['aws_launch_template', 'AWS::EC2::LaunchTemplate'],
    ['aws_lb', 'AWS::ElasticLoadBalancingV2::LoadBalancer'],
    ['aws_alb', 'AWS::ElasticLoadBalancingV2::LoadBalancer'],
    ['aws_lb_target_group', 'AWS::ElasticLoadBalancingV2::TargetGroup'],
    ['aws_autoscaling_group', 'AWS::AutoScaling::AutoScalingGroup'],
    // common others
    ['aws_lambda_function', 'AWS::Lambda::Function'],
    ['aws_iam_role', 'AWS::IAM::Role'],
    ['aws_cloudwatch_dashboard', 'AWS::CloudWatch::Dashboard'],
    ['aws_sfn_state_machine', 'AWS::StepFunctions::StateMachine'],
    // by the generated table
    ['aws_apigatewayv2_stage', 'AWS::ApiGatewayV2::Stage'],
    ['aws_sagemaker_domain', 'AWS::SageMaker::Domain'],
    // no CloudFormation type, or unknown to the table: the provider's own name
    ['aws_lex_bot', 'aws_lex_bot'],
    ['aws_brandnew_thing', 'aws_brandnew_thing'],
  ])('%s is a %s', (providerType, type) => {
    const c = classifyTerraformType(providerType);
    expect(c.kind).toBe('resource');
    expect(c.kind === 'resource' && c.rule.type).toBe(type);
  });

  it.each([
    ['aws_s3_bucket_server_side_encryption_configuration', 'AWS::S3::Bucket'],
    ['aws_s3_bucket_lifecycle_configuration', 'AWS::S3::Bucket'],
    ['aws_s3_bucket_versioning', 'AWS::S3::Bucket'],
    ['aws_s3_bucket_policy', 'AWS::S3::Bucket'],
    ['aws_s3_object', 'AWS::S3::Bucket'],
    ['aws_kms_alias', 'AWS::KMS::Key'],
    ['aws_rds_cluster_instance', 'AWS::RDS::DBCluster'],
    ['aws_efs_mount_target', 'AWS::EFS::FileSystem'],
    ['aws_secretsmanager_secret_version', 'AWS::SecretsManager::Secret'],
    ['aws_sqs_queue_policy', 'AWS::SQS::Queue'],
    ['aws_lb_target_group_attachment', 'AWS::ElasticLoadBalancingV2::TargetGroup'],
    ['aws_iam_role_policy_attachment', 'AWS::IAM::Role'],
  ])('%s folds into the %s it configures', (providerType, into) => {
    const c = classifyTerraformType(providerType);
    expect(c.kind === 'fold' && c.rule.into).toBe(into);
  });

  it.each([
    ['aws_acm_certificate_validation', 'aws_acm_certificate'],
    ['aws_iam_policy_attachment', 'aws_iam_policy'],
    ['aws_eip_association', 'aws_eip'],
    ['aws_vpn_gateway_attachment', 'aws_vpn_gateway'],
    ['aws_vpn_gateway_route_propagation', 'aws_route_table'],
    ['aws_vpc_peering_connection_accepter', 'aws_vpc_peering_connection'],
    ['aws_ec2_transit_gateway_vpc_attachment_accepter', 'aws_ec2_transit_gateway_vpc_attachment'],
    ['aws_route_table_association', 'aws_route_table'],
    ['aws_volume_attachment', 'aws_ebs_volume'],
    ['aws_security_group_rule', 'aws_security_group'],
    ['aws_lambda_permission', 'aws_lambda_function'],
    ['aws_iam_access_key', 'aws_iam_user'],
    ['aws_cloudwatch_event_target', 'aws_cloudwatch_event_rule'],
  ])('%s is a part of the %s it names, whatever resource type the table gives that', (providerType, target) => {
    const c = classifyTerraformType(providerType);
    expect(c.kind === 'fold' && [c.rule.target, c.rule.into]).toEqual([target, (classifyTerraformType(target) as { rule: { type: string } }).rule.type]);
  });

  it.each([
    ['aws_ec2_tag', /^sets one tag on another resource/],
    ['aws_ram_resource_share_accepter', /^accepts an invitation or share from another account/],
    ['aws_ebs_encryption_by_default', /^changes a setting of the account/],
    ['aws_lambda_invocation', /^invokes a function once/],
    // A type a later provider adds, named as a part: not a resource, with the reason.
    ['aws_newservice_widget_association', /^associates, attaches or configures other resources/],
  ])('%s is not a resource: not placed, with the reason', (providerType, reason) => {
    const c = classifyTerraformType(providerType);
    expect(c.kind).toBe('other');
    expect(c.kind === 'other' && c.reason).toMatch(reason);
  });

  it('a part that reads like one but is a resource of its own stays a resource', () => {
    expect(classifyTerraformType('aws_ec2_transit_gateway_vpc_attachment').kind).toBe('resource');
    expect(classifyTerraformType('aws_ssm_association').kind).toBe('resource');
  });

  it('other providers are not AWS resources', () => {
    expect(classifyTerraformType('random_password')).toEqual({ kind: 'other', reason: 'not an AWS resource (provider "random")' });
    expect(classifyTerraformType('null_resource')).toEqual({ kind: 'other', reason: 'not an AWS resource (provider "null")' });
  });

  it.each([
    ['aws:s3/bucketV2:BucketV2', 'aws_s3_bucket'],
    ['aws:s3/bucket:Bucket', 'aws_s3_bucket'],
    ['aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2', 'aws_s3_bucket_server_side_encryption_configuration'],
    ['aws:kms/key:Key', 'aws_kms_key'],
    ['aws:ec2/vpc:Vpc', 'aws_vpc'],
    ['aws:ec2/securityGroup:SecurityGroup', 'aws_security_group'],
    ['aws:rds/instance:Instance', 'aws_db_instance'],
    ['aws:rds/clusterInstance:ClusterInstance', 'aws_rds_cluster_instance'],
    ['aws:elasticache/replicationGroup:ReplicationGroup', 'aws_elasticache_replication_group'],
    ['aws:efs/fileSystem:FileSystem', 'aws_efs_file_system'],
    ['aws:sqs/queue:Queue', 'aws_sqs_queue'],
    ['aws:cloudwatch/logGroup:LogGroup', 'aws_cloudwatch_log_group'],
    ['aws:lb/loadBalancer:LoadBalancer', 'aws_lb'],
    ['aws:autoscaling/group:Group', 'aws_autoscaling_group'],
    ['aws:lambda/function:Function', 'aws_lambda_function'],
    ['pulumi:providers:aws', undefined],
    ['random:index/randomPassword:RandomPassword', undefined],
  ])('Pulumi %s is %s', (pulumi, tf) => {
    expect(terraformTypeOfPulumi(pulumi)).toBe(tf);
  });
});

describe('identifiers', () => {
  it.each([
    ['AWS::SQS::Queue', 'arn:aws:sqs:eu-west-1:123456789012:jobs.fifo', 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs.fifo'],
    ['AWS::SQS::Queue', 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs', 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs'],
    ['AWS::SNS::Topic', 'arn:aws:sns:eu-west-1:123456789012:alerts', 'arn:aws:sns:eu-west-1:123456789012:alerts'],
    ['AWS::Logs::LogGroup', 'arn:aws:logs:eu-west-1:123456789012:log-group:/app/api:*', '/app/api'],
    ['AWS::Logs::LogGroup', '/app/api', '/app/api'],
    ['AWS::KMS::Key', 'arn:aws:kms:eu-west-1:123456789012:key/1234ABCD-12ab-34cd-56ef-1234567890ab', '1234abcd-12ab-34cd-56ef-1234567890ab'],
    ['AWS::S3::Bucket', 'arn:aws:s3:::tap-data', 'tap-data'],
    ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188', 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188'],
    ['AWS::Lambda::Function', 'arn:aws:lambda:eu-west-1:123456789012:function:ingest', 'ingest'],
    ['AWS::StepFunctions::StateMachine', 'arn:aws:states:eu-west-1:123456789012:stateMachine:flow', 'flow'],
    ['AWS::IAM::Role', 'arn:aws:iam::123456789012:role/service/tap-role', 'tap-role'],
  ] as const)('%s from %s', (type, value, id) => {
    expect(identifierFor(type, value).id).toBe(id);
  });

  it('the region comes from an ARN or a queue URL', () => {
    expect(identifierFor('AWS::SQS::Queue', 'https://sqs.ap-south-1.amazonaws.com/123456789012/q').region).toBe('ap-south-1');
    expect(identifierFor('AWS::SNS::Topic', 'arn:aws:sns:eu-west-1:123456789012:alerts')).toMatchObject({ region: 'eu-west-1', arn: 'arn:aws:sns:eu-west-1:123456789012:alerts' });
    expect(queueUrlFromArn('arn:aws-cn:sqs:cn-north-1:123456789012:q')).toBe('https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q');
  });
});

describe('a CloudFormation stack as a source', () => {
  const read = stackSource({
    name: 'App',
    region: 'eu-west-1',
    rows: [
      { path: 'Data', type: 'AWS::S3::Bucket', physicalId: 'app-data-1x2y', status: 'CREATE_COMPLETE' },
      { path: 'Db', type: 'AWS::RDS::DBInstance', physicalId: 'App-Db-ABC', status: 'UPDATE_COMPLETE' },
      { path: 'Storage.Queue', type: 'AWS::SQS::Queue', physicalId: 'https://sqs.eu-west-1.amazonaws.com/123456789012/App-Queue-1', status: 'CREATE_COMPLETE' },
      { path: 'Logs', type: 'AWS::Logs::LogGroup', physicalId: 'App-Logs-XYZ', status: 'CREATE_COMPLETE' },
      { path: 'Fn', type: 'AWS::Lambda::Function', physicalId: 'App-Fn-123', status: 'CREATE_COMPLETE' },
      { path: 'Tg', type: 'AWS::ElasticLoadBalancingV2::TargetGroup', physicalId: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067', status: 'CREATE_COMPLETE' },
      { path: 'CDKMetadata', type: 'AWS::CDK::Metadata', physicalId: 'x', status: 'CREATE_COMPLETE' },
      { path: 'Seed', type: 'Custom::Seed', physicalId: 'seed-1', status: 'CREATE_COMPLETE' },
      { path: 'Old', type: 'AWS::S3::Bucket', physicalId: 'old', status: 'DELETE_COMPLETE' },
      { path: 'Broken', type: 'AWS::SNS::Topic', status: 'CREATE_FAILED' },
    ],
    outputs: [{ key: 'DataBucketName', value: 'app-data-1x2y' }],
  });

  it('turns each physical id into the identifier the collectors need, in the stack\'s region', () => {
    expect(read.resources.map((r) => [r.source.name, r.type, r.id, r.region])).toEqual([
      ['Data', 'AWS::S3::Bucket', 'app-data-1x2y', 'eu-west-1'],
      ['Db', 'AWS::RDS::DBInstance', 'app-db-abc', 'eu-west-1'],
      ['Storage.Queue', 'AWS::SQS::Queue', 'https://sqs.eu-west-1.amazonaws.com/123456789012/App-Queue-1', 'eu-west-1'],
      ['Logs', 'AWS::Logs::LogGroup', 'App-Logs-XYZ', 'eu-west-1'],
      ['Fn', 'AWS::Lambda::Function', 'App-Fn-123', 'eu-west-1'],
      ['Tg', 'AWS::ElasticLoadBalancingV2::TargetGroup', 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/73e2d6bc24d8a067', 'eu-west-1'],
    ]);
    expect(read.resources[0]!.source).toEqual({ kind: 'stack', format: 'cloudformation-stack', origin: 'App', name: 'Data', providerType: 'AWS::S3::Bucket' });
  });

  it('lists what is not a deployed AWS resource, with the reason', () => {
    expect(read.unplaced.map((u) => [u.name, u.reason])).toEqual([
      ['CDKMetadata', "CDK's metadata about the stack, not an AWS resource"],
      ['Seed', 'a custom resource, whose type names no AWS resource'],
      ['Old', 'not deployed (DELETE_COMPLETE)'],
      ['Broken', 'not deployed (CREATE_FAILED)'],
    ]);
    expect(read.outputs.map((e) => [e.key, e.value])).toEqual([['DataBucketName', 'app-data-1x2y']]);
  });
});

describe('output key lines', () => {
  it('finds each key of the flat, nested, terraform and CloudFormation shapes', () => {
    const nested = '{\n  "Stack": {\n    "vpc_id": "vpc-1",\n    "subnet_ids": [\n      "subnet-1"\n    ]\n  }\n}\n';
    const lines = outputKeyLines(nested);
    expect(lineOf({ key: 'Stack.vpc_id', name: 'vpc_id' }, lines)).toBe(3);
    expect(lineOf({ key: 'Stack.subnet_ids[0]', name: 'subnet_ids' }, lines)).toBe(4);
    const cfn = '[\n  {\n    "OutputKey": "BucketName",\n    "OutputValue": "b"\n  }\n]';
    expect(lineOf({ key: 'BucketName', name: 'BucketName' }, outputKeyLines(cfn))).toBe(3);
    const tf = '{\n  "table": {\n    "value": "{\\"a\\": \\"t\\"}",\n    "type": "string"\n  }\n}';
    expect(lineOf({ key: 'table.a', name: 'a' }, outputKeyLines(tf))).toBe(2);
  });
});

describe('gather', () => {
  async function project(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'postflight-gather-'));
    for (const [name, text] of Object.entries(files)) {
      await mkdir(join(dir, name, '..'), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    return dir;
  }
  const base = (cwd: string, o: { outputs?: string; state?: string[] } = {}) => ({
    ...stateOptions({ cwd, ...o }, { config: {}, baseDir: cwd }),
    defaultOutputs: 'cfn-outputs/flat-outputs.json',
    mappings: {},
    region: 'us-east-1',
  });
  const state = JSON.stringify(MERGE_SAMPLE);

  it('one resource named by the outputs and the state is one resource listing both, with the outputs key\'s line', async () => {
    const dir = await project({ 'outputs.json': '{\n  "DataBucketName": "tap-data"\n}\n', 'terraform.tfstate': state });
    const found = await gather(base(dir, { outputs: 'outputs.json', state: ['terraform.tfstate'] }));
    // The state is one line of JSON: its entries are on line 1.
    expect(found.resources.map((r) => [r.type, r.id, r.keys, r.sources!.map((s) => `${s.kind}:${s.name}:${s.line}`)])).toEqual([
      ['AWS::S3::Bucket', 'tap-data', ['DataBucketName'], ['outputs:DataBucketName:2', 'state:aws_s3_bucket.data:1']],
      ['AWS::IAM::Role', 'tap-role', [], ['state:aws_iam_role.r:1']],
    ]);
    expect(found.sources).toEqual([
      { kind: 'outputs', format: 'flat', origin: 'outputs.json', resources: 1, outputs: 1 },
      { kind: 'state', format: 'tfstate', origin: 'terraform.tfstate', resources: 2, outputs: 0 },
    ]);
  });

  it('the same output key in two sources, naming two resources: each resource lists only the source that named it', async () => {
    const stateWithOutput = JSON.stringify({ version: 4, terraform_version: '1.9.5', outputs: { VpcId: { value: 'vpc-0bbbbbbbbbbbbbbbb', type: 'string' } }, resources: [] });
    const dir = await project({ 'outputs.json': '{"VpcId": "vpc-0aaaaaaaaaaaaaaaa"}', 'terraform.tfstate': stateWithOutput });
    const found = await gather(base(dir, { outputs: 'outputs.json', state: ['terraform.tfstate'] }));
    expect(found.resources.map((r) => [r.id, r.sources!.map((s) => s.origin)])).toEqual([
      ['vpc-0aaaaaaaaaaaaaaaa', ['outputs.json']],
      ['vpc-0bbbbbbbbbbbbbbbb', ['terraform.tfstate']],
    ]);
  });

  it('with no source, reads the default outputs file as before', async () => {
    const dir = await project({ 'cfn-outputs/flat-outputs.json': '{"VpcId": "vpc-0a1b2c3d"}' });
    const found = await gather(base(dir));
    expect(found.resources.map((r) => r.id)).toEqual(['vpc-0a1b2c3d']);
    expect(found.origin).toBe('cfn-outputs/flat-outputs.json');
  });

  it('in a CDKTF project without the outputs file, names the state files it found and how to pass them', async () => {
    const dir = await project({ 'cdktf.json': '{"app": "npx ts-node main.ts"}', 'cdktf.out/stacks/TapStackdev/terraform.TapStackdev.tfstate': state });
    const err = await gather(base(dir)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(
      'This is a CDKTF project (cdktf.json) without the outputs file cfn-outputs/flat-outputs.json; it found the state file cdktf.out/stacks/TapStackdev/terraform.TapStackdev.tfstate: pass --state cdktf.out/stacks/TapStackdev/terraform.TapStackdev.tfstate to verify every resource the stack deployed.',
    );
  });

  it('a state file given, the default outputs file is not read', async () => {
    const dir = await project({ 'terraform.tfstate': state });
    const found = await gather(base(dir, { state: ['terraform.tfstate'] }));
    expect(found.sources.map((s) => s.kind)).toEqual(['state']);
  });
});

describe('sources from the flags and the config', () => {
  it('the config takes "state" and "stacks" as lists of names, and says which key is wrong', () => {
    expect(parseConfig({ state: ['a.tfstate'], stacks: ['App'] }, 'postflight.config.json')).toEqual({ state: ['a.tfstate'], stacks: ['App'] });
    expect(() => parseConfig({ state: 'a.tfstate' }, 'postflight.config.json')).toThrow(ConfigError);
    expect(() => parseConfig({ stacks: [''] }, 'postflight.config.json')).toThrow(/The config file postflight\.config\.json is invalid: "stacks\.0": /);
    // A mapping to a type that does not exist would place an output no check can ever run on.
    expect(() => parseConfig({ resources: { TrailArn: 'AWS::CloudTrail::Cloudtrail' } }, 'postflight.config.json')).toThrow(
      'The config file postflight.config.json is invalid: "resources.TrailArn": AWS::CloudTrail::Cloudtrail is not a CloudFormation resource type (did you mean AWS::CloudTrail::Trail?); fix it (see the README\'s configuration section) and rerun.',
    );
    expect(parseConfig({ resources: { TrailArn: 'AWS::CloudTrail::Trail', Tag: 'aws_ec2_tag' } }, 'c.json').resources).toEqual({ TrailArn: 'AWS::CloudTrail::Trail', Tag: 'aws_ec2_tag' });
  });

  it('config paths are relative to the config file; flags win over the config', () => {
    const loaded = { config: { outputs: 'out/flat.json', state: ['infra/terraform.tfstate'], stacks: ['AppStack'] }, baseDir: '/repo/ci' };
    expect(stateOptions({ cwd: '/repo' }, loaded)).toEqual({
      cwd: '/repo',
      outputs: '/repo/ci/out/flat.json',
      outputsGiven: true,
      states: [{ path: '/repo/ci/infra/terraform.tfstate', shown: 'infra/terraform.tfstate' }],
      stacks: ['AppStack'],
    });
    expect(stateOptions({ cwd: '/repo', state: ['a.tfstate', 'b.json'], stack: ['Other'] }, loaded)).toMatchObject({
      states: [{ path: '/repo/a.tfstate', shown: 'a.tfstate' }, { path: '/repo/b.json', shown: 'b.json' }],
      stacks: ['Other'],
    });
    expect(stateOptions({ cwd: '/repo' }, { config: {}, baseDir: '/repo' })).toEqual({ cwd: '/repo', outputsGiven: false, states: [], stacks: [] });
  });
});

describe('verify with a state that names no AWS resource', () => {
  it('is an input error that says what each source gave, before any AWS call', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'postflight-empty-state-'));
    await writeFile(join(dir, 'only-random.tfstate'), JSON.stringify({ version: 4, terraform_version: '1.9.5', resources: [{ mode: 'managed', type: 'random_id', name: 'x', instances: [{ attributes: { id: 'abc' } }] }] }));
    const out: string[] = [];
    const err = await verify({
      state: ['only-random.tfstate'],
      cwd: dir,
      env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_REGION: 'us-east-1' },
      out: (t) => out.push(t),
      err: (t) => out.push(t),
      only: [],
      skip: [],
      color: false,
      allowEmpty: false,
      now: () => new Date('2026-01-01T00:00:00Z'),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(
      'No AWS resource was found in only-random.tfstate (1 entry not placed, 0 outputs not recognised): pass the state or stack of a deployed stack (run `postflight discover` to see what each source gave), or pass --allow-empty to accept an empty stack.',
    );
    expect(out).toEqual([]);
  });
});

describe('identity across sources', () => {
  it("a load balancer's DNS-name id and its ARN are one resource, whatever the name's case", () => {
    const arn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/Ingest-Dev/50dc6c495c0c9188';
    expect(identityKey('AWS::ElasticLoadBalancingV2::LoadBalancer', arn)).toBe(identityKey('AWS::ElasticLoadBalancingV2::LoadBalancer', 'ingest-dev'));
    expect(identityKey('AWS::ElasticLoadBalancingV2::LoadBalancer', arn)).not.toBe(identityKey('AWS::ElasticLoadBalancingV2::LoadBalancer', 'ingest-prod'));
  });
});
