/**
 * BASELINE: what the benchmark compares postflight against.
 *
 * This is the shape of the hand-written integration suites teams write today after `cdktf
 * deploy`: read the outputs file, then one test per resource, each making its own SDK calls one
 * after another and asserting the same properties postflight's checks assert. Tests run one at a
 * time, as a Jest suite runs the tests of a file. Nothing is batched, nothing is cached across
 * tests (each bucket's key is described again), nothing runs concurrently.
 *
 * It knows the bench stack's output names, as a hand-written suite knows its own stack's:
 *   node bench/results/build/bench/baseline.js --outputs bench/results/outputs-100.json --endpoint-url http://127.0.0.1:5000
 * Prints one JSON line: {"tests":…,"failed":…,"apiCalls":…,"ms":…}. Exit code 1 when a test failed.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from '@aws-sdk/client-kms';
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeInstancesCommand, DescribeLaunchTemplateVersionsCommand, DescribeSubnetsCommand, DescribeVolumesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeCacheClustersCommand, DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';

interface TestCase {
  name: string;
  fn: () => Promise<void>;
}

const tests: TestCase[] = [];
/** `test(name, fn)`, as in Jest: registered now, run one after another later. */
const test = (name: string, fn: () => Promise<void>) => void tests.push({ name, fn });

let apiCalls = 0;
/** Counts each SDK call, so the report can say how many the suite made. */
function counted<T extends { send: (...args: never[]) => Promise<unknown> }>(client: T): T {
  const send = client.send.bind(client) as (...args: unknown[]) => Promise<unknown>;
  (client as unknown as { send: (...args: unknown[]) => Promise<unknown> }).send = (...args: unknown[]) => {
    apiCalls += 1;
    return send(...args);
  };
  return client;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { outputs: { type: 'string' }, 'endpoint-url': { type: 'string' }, region: { type: 'string' } } });
  if (!values.outputs) throw new Error('--outputs <file> is required');
  const region = values.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const endpoint = values['endpoint-url'] ?? process.env.AWS_ENDPOINT_URL;
  const file = JSON.parse(await readFile(values.outputs, 'utf8')) as Record<string, Record<string, unknown>>;
  const outputs = Object.values(file)[0] ?? {};

  // beforeAll: one client per service, the SDK's defaults.
  const config = { region, ...(endpoint ? { endpoint } : {}) };
  const s3 = counted(new S3Client({ ...config, forcePathStyle: endpoint !== undefined }));
  const kms = counted(new KMSClient(config));
  const ec2 = counted(new EC2Client(config));
  const rds = counted(new RDSClient(config));
  const elasticache = counted(new ElastiCacheClient(config));
  // HTTP/1.1: emulators do not speak HTTP/2.
  const kinesis = counted(new KinesisClient({ ...config, requestHandler: new NodeHttpHandler() }));
  const sns = counted(new SNSClient(config));
  // The queue URLs name AWS's own host: the suite, too, must send its calls to the endpoint.
  const sqs = counted(new SQSClient({ ...config, useQueueUrlAsEndpoint: endpoint === undefined }));
  const logs = counted(new CloudWatchLogsClient(config));

  const entries = Object.entries(outputs);
  const byKey = (re: RegExp) => entries.filter(([k]) => re.test(k)).map(([, v]) => v as string);
  const hostId = (endpointValue: string) => endpointValue.split(':')[0]!.split('.')[0]!;

  async function expectCustomerKey(keyId: string | undefined): Promise<void> {
    assert.ok(keyId, 'a KMS key is named');
    const key = (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata;
    assert.equal(key?.KeyManager, 'CUSTOMER');
    assert.equal(key?.KeyState, 'Enabled');
  }

  for (const bucket of byKey(/_bucket_name$/)) {
    test(`S3 bucket ${bucket} is encrypted with a CMK and has a lifecycle rule`, async () => {
      const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
      const rule = enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
      assert.equal(rule?.SSEAlgorithm, 'aws:kms');
      const lifecycle = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
      assert.ok((lifecycle.Rules ?? []).some((r) => r.Status === 'Enabled'), 'an enabled lifecycle rule');
      assert.ok((lifecycle.Rules ?? []).some((r) => r.Status === 'Enabled' && r.NoncurrentVersionExpiration), 'old versions expire');
      await expectCustomerKey(rule?.KMSMasterKeyID);
      const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
      assert.equal(versioning.Status, 'Enabled');
      const block = (await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration;
      assert.ok(block?.BlockPublicAcls && block.IgnorePublicAcls && block.BlockPublicPolicy && block.RestrictPublicBuckets, 'public access blocked');
    });
  }

  for (const arn of byKey(/_topic_arn$/)) {
    test(`SNS topic ${arn} is encrypted with a CMK`, async () => {
      const attrs = (await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes;
      await expectCustomerKey(attrs?.KmsMasterKeyId);
    });
  }

  for (const url of byKey(/_queue_url$/)) {
    test(`SQS queue ${url} is encrypted with a CMK`, async () => {
      const attrs = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['KmsMasterKeyId'] }))).Attributes;
      await expectCustomerKey(attrs?.KmsMasterKeyId);
    });
  }

  for (const name of byKey(/_log_group_name$/)) {
    test(`log group ${name} is encrypted with a CMK and expires`, async () => {
      const g = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups?.find((x) => x.logGroupName === name);
      assert.ok(g?.retentionInDays, 'a retention is set');
      await expectCustomerKey(g?.kmsKeyId);
    });
  }

  for (const arn of byKey(/_stream_arn$/)) {
    test(`Kinesis stream ${arn} is encrypted with a CMK`, async () => {
      const s = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamARN: arn }))).StreamDescriptionSummary;
      assert.equal(s?.EncryptionType, 'KMS');
      await expectCustomerKey(s?.KeyId);
    });
  }

  for (const ep of byKey(/_db_endpoint$/)) {
    const id = hostId(ep);
    test(`RDS instance ${id} is multi-AZ and encrypted with a CMK`, async () => {
      const db = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances?.[0];
      assert.equal(db?.StorageEncrypted, true);
      assert.equal(db?.MultiAZ, true);
      assert.ok(db?.KmsKeyId, 'a KMS key');
      assert.ok((db?.BackupRetentionPeriod ?? 0) >= 7, 'backups kept 7 days');
      assert.equal(db?.PubliclyAccessible, false);
      assert.equal(db?.DeletionProtection, true);
      const azs = new Set((db?.DBSubnetGroup?.Subnets ?? []).map((s) => s.SubnetAvailabilityZone?.Name));
      assert.ok(azs.size >= 2, 'the subnet group spans two AZs');
    });
  }

  for (const ep of byKey(/_cluster_endpoint$/)) {
    const id = hostId(ep);
    test(`Aurora cluster ${id} is encrypted and its members span two AZs`, async () => {
      const c = (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))).DBClusters?.[0];
      assert.equal(c?.StorageEncrypted, true);
      assert.ok(c?.KmsKeyId, 'a KMS key');
      assert.ok((c?.BackupRetentionPeriod ?? 0) >= 7, 'backups kept 7 days');
      assert.equal(c?.DeletionProtection, true);
      const members = c?.DBClusterMembers ?? [];
      assert.ok(members.length >= 2, 'two members');
      const azs = new Set<string | undefined>();
      for (const m of members) {
        const db = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: m.DBInstanceIdentifier! }))).DBInstances?.[0];
        azs.add(db?.AvailabilityZone);
      }
      assert.ok(azs.size >= 2, 'members in two AZs');
    });
  }

  for (const ep of byKey(/_cache_primary_endpoint$/)) {
    // master.<group-id>.<hash>.<region-code>.cache.amazonaws.com
    const id = ep.split(':')[0]!.split('.')[1]!;
    test(`ElastiCache group ${id} is encrypted, fails over and spans two AZs`, async () => {
      const g = (await elasticache.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups?.[0];
      assert.equal(g?.AtRestEncryptionEnabled, true);
      assert.equal(g?.TransitEncryptionEnabled, true);
      assert.ok(g?.KmsKeyId, 'a KMS key');
      assert.equal(g?.AutomaticFailover, 'enabled');
      assert.equal(g?.MultiAZ, 'enabled');
      const azs = new Set<string | undefined>();
      for (const member of g?.MemberClusters ?? []) {
        const cc = (await elasticache.send(new DescribeCacheClustersCommand({ CacheClusterId: member }))).CacheClusters?.[0];
        azs.add(cc?.PreferredAvailabilityZone);
      }
      assert.ok(azs.size >= 2, 'members in two AZs');
    });
  }

  const subnetAzs = new Set<string | undefined>();
  for (const list of byKey(/_subnet_ids$/)) {
    for (const id of list as unknown as string[]) {
      test(`subnet ${id} exists in the VPC`, async () => {
        const s = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [id] }))).Subnets?.[0];
        assert.equal(s?.VpcId, outputs.vpc_id);
        subnetAzs.add(s?.AvailabilityZone);
      });
    }
  }
  test('the subnets span two AZs', async () => {
    assert.ok(subnetAzs.size >= 2, `subnets in ${subnetAzs.size} AZ(s)`);
  });

  for (const arn of byKey(/_key_\d+_arn$|^kms_key_arn$/)) {
    test(`KMS key ${arn} is enabled and rotates`, async () => {
      const key = (await kms.send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata;
      assert.equal(key?.Enabled, true);
      const rotation = await kms.send(new GetKeyRotationStatusCommand({ KeyId: arn }));
      assert.equal(rotation.KeyRotationEnabled, true);
    });
  }

  const elbv2 = counted(new ElasticLoadBalancingV2Client(config));
  const autoscaling = counted(new AutoScalingClient(config));
  for (const id of byKey(/_instance_id$/)) {
    test(`EC2 instance ${id} has every EBS volume encrypted with a CMK`, async () => {
      const instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations?.[0]?.Instances?.[0];
      const volumeIds = (instance?.BlockDeviceMappings ?? []).map((m) => m.Ebs?.VolumeId).filter((v): v is string => !!v);
      assert.ok(volumeIds.length > 0, 'EBS volumes attached');
      for (const volumeId of volumeIds) {
        const v = (await ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }))).Volumes?.[0];
        assert.equal(v?.Encrypted, true);
        await expectCustomerKey(v?.KmsKeyId);
      }
    });
  }
  for (const dns of byKey(/_nlb_dns_name$/)) {
    // <name>-<id>.<region>.elb.amazonaws.com
    const name = dns.split('.')[0]!.replace(/-[0-9a-f]+$/, '');
    test(`load balancer ${name} spans two AZs`, async () => {
      const lb = (await elbv2.send(new DescribeLoadBalancersCommand({ Names: [name] }))).LoadBalancers?.[0];
      assert.ok(new Set((lb?.AvailabilityZones ?? []).map((z) => z.ZoneName)).size >= 2, 'two AZs');
    });
  }
  for (const name of byKey(/_asg_name$/)) {
    test(`Auto Scaling group ${name} spans two AZs and its launch template encrypts with a CMK`, async () => {
      const g = (await autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups?.[0];
      assert.ok((g?.AvailabilityZones ?? []).length >= 2, 'two AZs');
      const lt = g?.LaunchTemplate;
      assert.ok(lt?.LaunchTemplateId, 'a launch template');
      const version = (
        await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: lt.LaunchTemplateId, Versions: [lt.Version ?? '$Default'] }))
      ).LaunchTemplateVersions?.[0];
      const mappings = version?.LaunchTemplateData?.BlockDeviceMappings ?? [];
      assert.ok(mappings.length > 0, 'EBS mappings');
      for (const m of mappings) {
        assert.equal(m.Ebs?.Encrypted, true);
        await expectCustomerKey(m.Ebs?.KmsKeyId);
      }
    });
  }

  // The run: one test at a time.
  const started = performance.now();
  let failed = 0;
  for (const t of tests) {
    try {
      await t.fn();
    } catch (err) {
      failed += 1;
      if (failed <= 5) process.stderr.write(`FAIL ${t.name}: ${(err as Error)?.message ?? String(err)}\n`);
    }
  }
  const ms = Math.round(performance.now() - started);
  for (const c of [s3, kms, ec2, rds, elasticache, kinesis, sns, sqs, logs]) c.destroy();
  process.stdout.write(`${JSON.stringify({ tests: tests.length, failed, apiCalls, ms })}\n`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((err: unknown) => {
  process.stderr.write(`baseline: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 2;
});
