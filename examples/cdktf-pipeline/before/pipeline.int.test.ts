/**
 * The post-deploy suite as it was, kept for comparison (not run): jest with the AWS SDK, reading
 * `cfn-outputs/flat-outputs.json` after `cdktf deploy`, one describe block per part of the stack.
 */
import { readFileSync } from 'node:fs';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeFlowLogsCommand, DescribeNatGatewaysCommand, DescribeRouteTablesCommand, DescribeSecurityGroupsCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeFileSystemsCommand, DescribeMountTargetsCommand, EFSClient } from '@aws-sdk/client-efs';
import { DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeDBClustersCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetBucketEncryptionCommand, GetBucketLifecycleConfigurationCommand, GetBucketTaggingCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';

const OUTPUTS = 'cfn-outputs/flat-outputs.json';
interface Outputs {
  vpc_id: string;
  public_subnet_ids: string;
  private_subnet_ids: string;
  nat_gateway_ids: string;
  data_security_group_id: string;
  kms_key_arn: string;
  telemetry_stream_name: string;
  raw_bucket_name: string;
  aurora_cluster_identifier: string;
  aurora_endpoint: string;
  models_file_system_id: string;
  alerts_queue_arn: string;
  screen_function_name: string;
  screen_log_group_name: string;
}
const outputs: Outputs = JSON.parse(readFileSync(OUTPUTS, 'utf8')).pipeline;
const region = process.env.AWS_REGION ?? 'us-east-1';
const EXPECTED_TAGS = { Project: 'manufacturing-pipeline', Environment: 'dev', Owner: 'data-platform' };

const ec2 = new EC2Client({ region });
const kms = new KMSClient({ region });
const s3 = new S3Client({ region });
const rds = new RDSClient({ region });
const efs = new EFSClient({ region });
const sqs = new SQSClient({ region });
const kinesis = new KinesisClient({ region });
const lambda = new LambdaClient({ region });
const logs = new CloudWatchLogsClient({ region });

function tagMap(tags: Array<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).map((t) => [t.Key, t.Value]));
}

describe('network', () => {
  test('VPC has the expected CIDR, DNS support and tags', async () => {
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({ VpcIds: [outputs.vpc_id] }));
    expect(Vpcs).toHaveLength(1);
    expect(Vpcs![0]!.CidrBlock).toBe('10.40.0.0/16');
    expect(tagMap(Vpcs![0]!.Tags)).toMatchObject(EXPECTED_TAGS);
  });

  test('three public and three private subnets over three AZs', async () => {
    const pub = outputs.public_subnet_ids.split(',');
    const priv = outputs.private_subnet_ids.split(',');
    expect(pub).toHaveLength(3);
    expect(priv).toHaveLength(3);
    const { Subnets } = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [...pub, ...priv] }));
    expect(Subnets).toHaveLength(6);
    expect(new Set(Subnets!.map((s) => s.AvailabilityZone)).size).toBe(3);
    for (const s of Subnets!) {
      expect(s.VpcId).toBe(outputs.vpc_id);
      expect(s.MapPublicIpOnLaunch).toBe(pub.includes(s.SubnetId!));
      expect(s.CidrBlock).toMatch(/^10\.40\.\d+\.0\/24$/);
    }
  });

  test('one NAT gateway per AZ, each available', async () => {
    const ids = outputs.nat_gateway_ids.split(',');
    const { NatGateways } = await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: ids }));
    expect(NatGateways).toHaveLength(3);
    for (const n of NatGateways!) expect(n.State).toBe('available');
  });

  test('private subnets route to the internet through a NAT gateway', async () => {
    const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [outputs.vpc_id] }] }));
    for (const subnet of outputs.private_subnet_ids.split(',')) {
      const table = RouteTables!.find((t) => t.Associations?.some((a) => a.SubnetId === subnet));
      expect(table).toBeDefined();
      expect(table!.Routes!.some((r) => r.DestinationCidrBlock === '0.0.0.0/0' && r.NatGatewayId)).toBe(true);
    }
  });

  test('VPC flow logs are on', async () => {
    const { FlowLogs } = await ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [outputs.vpc_id] }] }));
    expect(FlowLogs!.length).toBeGreaterThan(0);
    expect(FlowLogs![0]!.TrafficType).toBe('ALL');
  });

  test('data security group allows 5432, 6379 and 2049 from the VPC only', async () => {
    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [outputs.data_security_group_id] }));
    const ingress = SecurityGroups![0]!.IpPermissions!;
    expect(ingress.map((p) => p.FromPort).sort()).toEqual([2049, 5432, 6379]);
    for (const p of ingress) {
      expect(p.IpRanges!.map((r) => r.CidrIp)).toEqual(['10.40.0.0/16']);
    }
  });
});

describe('encryption key', () => {
  test('KMS key is enabled and rotates', async () => {
    const { KeyMetadata } = await kms.send(new DescribeKeyCommand({ KeyId: outputs.kms_key_arn }));
    expect(KeyMetadata!.KeyState).toBe('Enabled');
    const rotation = await kms.send(new GetKeyRotationStatusCommand({ KeyId: outputs.kms_key_arn }));
    expect(rotation.KeyRotationEnabled).toBe(true);
  });
});

describe('storage', () => {
  test('raw bucket is versioned', async () => {
    const v = await s3.send(new GetBucketVersioningCommand({ Bucket: outputs.raw_bucket_name }));
    expect(v.Status).toBe('Enabled');
  });

  test('raw bucket is encrypted with the stack key', async () => {
    const e = await s3.send(new GetBucketEncryptionCommand({ Bucket: outputs.raw_bucket_name }));
    const rule = e.ServerSideEncryptionConfiguration!.Rules![0]!;
    expect(rule.ApplyServerSideEncryptionByDefault!.SSEAlgorithm).toBe('aws:kms');
    expect(rule.ApplyServerSideEncryptionByDefault!.KMSMasterKeyID).toBe(outputs.kms_key_arn);
  });

  test('raw bucket blocks public access', async () => {
    const p = await s3.send(new GetPublicAccessBlockCommand({ Bucket: outputs.raw_bucket_name }));
    expect(p.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
  });

  test('raw bucket moves objects to Glacier after 90 days', async () => {
    const l = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: outputs.raw_bucket_name }));
    const rule = l.Rules!.find((r) => r.ID === 'raw-to-glacier');
    expect(rule).toBeDefined();
    expect(rule!.Status).toBe('Enabled');
    expect(rule!.Transitions).toEqual([expect.objectContaining({ Days: 90, StorageClass: 'GLACIER' })]);
  });

  test('raw bucket carries the stack tags', async () => {
    const t = await s3.send(new GetBucketTaggingCommand({ Bucket: outputs.raw_bucket_name }));
    expect(tagMap(t.TagSet)).toMatchObject({ ...EXPECTED_TAGS, DataClass: 'raw' });
  });

  test('EFS is encrypted with a mount target in each private subnet', async () => {
    const { FileSystems } = await efs.send(new DescribeFileSystemsCommand({ FileSystemId: outputs.models_file_system_id }));
    expect(FileSystems![0]!.Encrypted).toBe(true);
    expect(FileSystems![0]!.PerformanceMode).toBe('generalPurpose');
    const { MountTargets } = await efs.send(new DescribeMountTargetsCommand({ FileSystemId: outputs.models_file_system_id }));
    expect(MountTargets!.map((m) => m.SubnetId).sort()).toEqual(outputs.private_subnet_ids.split(',').sort());
  });
});

describe('database', () => {
  test('Aurora cluster is PostgreSQL, encrypted, protected, with two instances', async () => {
    const { DBClusters } = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: outputs.aurora_cluster_identifier }));
    const c = DBClusters![0]!;
    expect(c.Engine).toBe('aurora-postgresql');
    expect(c.EngineVersion).toBe('15.4');
    expect(c.StorageEncrypted).toBe(true);
    expect(c.DeletionProtection).toBe(true);
    expect(c.BackupRetentionPeriod).toBe(7);
    expect(c.DBClusterMembers).toHaveLength(2);
    expect(c.Endpoint).toBe(outputs.aurora_endpoint);
  });
});

describe('ingest and processing', () => {
  test('telemetry stream has 2 shards, 48 h retention, KMS encryption', async () => {
    const { StreamDescriptionSummary: s } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: outputs.telemetry_stream_name }));
    expect(s!.OpenShardCount).toBe(2);
    expect(s!.RetentionPeriodHours).toBe(48);
    expect(s!.EncryptionType).toBe('KMS');
  });

  test('alerts queue keeps messages four days, encrypted', async () => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: outputs.alerts_queue_arn.split(':').pop() }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    expect(Attributes!.MessageRetentionPeriod).toBe('345600');
    expect(Attributes!.VisibilityTimeout).toBe('60');
    expect(Attributes!.KmsMasterKeyId).toBe(outputs.kms_key_arn);
  });

  test('screening function: runtime, memory, timeout, environment', async () => {
    const f = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: outputs.screen_function_name }));
    expect(f.Runtime).toBe('python3.12');
    expect(f.Handler).toBe('index.handler');
    expect(f.MemorySize).toBe(512);
    expect(f.Timeout).toBe(30);
    expect(f.Environment!.Variables!.TEMPERATURE_LIMIT).toBe('90');
    expect(f.Environment!.Variables!.STREAM_NAME).toBe(outputs.telemetry_stream_name);
  });

  test('function logs are kept 30 days', async () => {
    const { logGroups } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: outputs.screen_log_group_name }));
    expect(logGroups).toHaveLength(1);
    expect(logGroups![0]!.retentionInDays).toBe(30);
  });
});
