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
 * Each test records one verdict per check it implements (bench/checks.ts), under postflight's check
 * ids, so the bench can hold both sides to the same verdict counts.
 * Prints one JSON line: {"tests":…,"failed":…,"apiCalls":…,"ms":…,"verdicts":{"<check>":{"pass":…,"fail":…,"error":…}}}.
 * Exit code 1 when a test failed.
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
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, DescribeDBSubnetGroupsCommand, RDSClient } from '@aws-sdk/client-rds';
import { DescribeCacheClustersCommand, DescribeCacheSubnetGroupsCommand, DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { DescribeStreamSummaryCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { countVerdicts, type BaselineCheck, type Verdict } from './checks.js';

type Judge = (check: BaselineCheck, assertion: () => unknown, resource?: string) => Promise<void>;

interface TestCase {
  name: string;
  /** The resource the test is about: its verdicts are recorded under it. */
  resource: string;
  /** The checks the test judges; one it leaves unjudged (the test threw first) is an error. */
  checks: readonly BaselineCheck[];
  fn: (judge: Judge) => Promise<void>;
}

const tests: TestCase[] = [];
/** `test(name, fn)`, as in Jest: registered now, run one after another later. */
const test = (name: string, resource: string, checks: readonly BaselineCheck[], fn: TestCase['fn']) => void tests.push({ name, resource, checks, fn });

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

  const S3_CHECKS = [
    's3-bucket-default-encryption-enabled',
    's3-bucket-lifecycle-covers-bucket',
    's3-bucket-default-encryption-cmk',
    's3-bucket-versioning-enabled',
    's3-bucket-public-access-blocked',
  ] as const;
  for (const bucket of byKey(/_bucket_name$/)) {
    test(`S3 bucket ${bucket} is encrypted with a CMK, versioned, private and has a lifecycle rule`, bucket, S3_CHECKS, async (judge) => {
      const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
      const rule = enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault;
      await judge('s3-bucket-default-encryption-enabled', () => assert.ok(['aws:kms', 'aws:kms:dsse', 'AES256'].includes(rule?.SSEAlgorithm ?? '')));
      const lifecycle = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
      const enabled = (lifecycle.Rules ?? []).filter((r) => r.Status === 'Enabled');
      // A rule for the whole bucket: no prefix, no tag filter.
      await judge('s3-bucket-lifecycle-covers-bucket', () =>
        assert.ok(enabled.some((r) => !r.Prefix && !r.Filter?.Prefix && !r.Filter?.Tag && !r.Filter?.And), 'an enabled lifecycle rule for the whole bucket'),
      );
      await judge('s3-bucket-default-encryption-cmk', async () => {
        assert.equal(rule?.SSEAlgorithm, 'aws:kms');
        await expectCustomerKey(rule?.KMSMasterKeyID);
      });
      const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
      await judge('s3-bucket-versioning-enabled', () => {
        assert.equal(versioning.Status, 'Enabled');
        assert.ok(enabled.some((r) => r.NoncurrentVersionExpiration), 'old versions expire');
      });
      const block = (await s3.send(new GetPublicAccessBlockCommand({ Bucket: bucket }))).PublicAccessBlockConfiguration;
      await judge('s3-bucket-public-access-blocked', () =>
        assert.ok(block?.BlockPublicAcls && block.IgnorePublicAcls && block.BlockPublicPolicy && block.RestrictPublicBuckets, 'public access blocked'),
      );
    });
  }

  for (const arn of byKey(/_topic_arn$/)) {
    test(`SNS topic ${arn} is encrypted with a CMK`, arn, ['sns-topic-encrypted-with-cmk'], async (judge) => {
      const attrs = (await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }))).Attributes;
      await judge('sns-topic-encrypted-with-cmk', () => expectCustomerKey(attrs?.KmsMasterKeyId));
    });
  }

  for (const url of byKey(/_queue_url$/)) {
    test(`SQS queue ${url} is encrypted with a CMK`, url, ['sqs-queue-encrypted-with-cmk'], async (judge) => {
      const attrs = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['KmsMasterKeyId'] }))).Attributes;
      await judge('sqs-queue-encrypted-with-cmk', () => expectCustomerKey(attrs?.KmsMasterKeyId));
    });
  }

  for (const name of byKey(/_log_group_name$/)) {
    test(`log group ${name} is encrypted with a CMK and expires`, name, ['logs-log-group-retention-set', 'logs-log-group-encrypted-with-cmk'], async (judge) => {
      const g = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }))).logGroups?.find((x) => x.logGroupName === name);
      await judge('logs-log-group-retention-set', () => assert.ok(g?.retentionInDays, 'a retention is set'));
      await judge('logs-log-group-encrypted-with-cmk', () => expectCustomerKey(g?.kmsKeyId));
    });
  }

  for (const arn of byKey(/_stream_arn$/)) {
    test(`Kinesis stream ${arn} is encrypted with a CMK`, arn, ['kinesis-stream-encryption-enabled', 'kinesis-stream-encrypted-with-cmk'], async (judge) => {
      const s = (await kinesis.send(new DescribeStreamSummaryCommand({ StreamARN: arn }))).StreamDescriptionSummary;
      await judge('kinesis-stream-encryption-enabled', () => assert.equal(s?.EncryptionType, 'KMS'));
      await judge('kinesis-stream-encrypted-with-cmk', async () => {
        assert.equal(s?.EncryptionType, 'KMS');
        await expectCustomerKey(s?.KeyId);
      });
    });
  }

  const azsOf = (subnets: ReadonlyArray<{ SubnetAvailabilityZone?: { Name?: string } }> | undefined) => new Set((subnets ?? []).map((s) => s.SubnetAvailabilityZone?.Name)).size;

  const RDS_CHECKS = [
    'rds-instance-storage-encrypted',
    'rds-instance-encrypted-with-cmk',
    'rds-instance-multi-az-enabled',
    'rds-instance-backup-retention',
    'rds-instance-not-publicly-accessible',
    'rds-instance-deletion-protection',
    'rds-db-subnet-group-spans-azs',
  ] as const;
  for (const ep of byKey(/_db_endpoint$/)) {
    const id = hostId(ep);
    test(`RDS instance ${id} is multi-AZ, private, kept and encrypted with a CMK`, id, RDS_CHECKS, async (judge) => {
      const db = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances?.[0];
      await judge('rds-instance-storage-encrypted', () => assert.equal(db?.StorageEncrypted, true));
      await judge('rds-instance-encrypted-with-cmk', async () => {
        assert.equal(db?.StorageEncrypted, true);
        await expectCustomerKey(db?.KmsKeyId);
      });
      await judge('rds-instance-multi-az-enabled', () => assert.equal(db?.MultiAZ, true));
      await judge('rds-instance-backup-retention', () => assert.ok((db?.BackupRetentionPeriod ?? 0) >= 7, 'backups kept 7 days'));
      await judge('rds-instance-not-publicly-accessible', () => assert.equal(db?.PubliclyAccessible, false));
      await judge('rds-instance-deletion-protection', () => assert.equal(db?.DeletionProtection, true));
      await judge('rds-db-subnet-group-spans-azs', () => assert.ok(azsOf(db?.DBSubnetGroup?.Subnets) >= 2, 'the subnet group spans two AZs'));
    });
  }

  const CLUSTER_CHECKS = [
    'rds-cluster-storage-encrypted',
    'rds-cluster-encrypted-with-cmk',
    'rds-cluster-backup-retention',
    'rds-cluster-deletion-protection',
    'rds-cluster-multi-az',
    'rds-db-subnet-group-spans-azs',
  ] as const;
  for (const ep of byKey(/_cluster_endpoint$/)) {
    const id = hostId(ep);
    test(`Aurora cluster ${id} is encrypted, kept and its members span two AZs`, id, CLUSTER_CHECKS, async (judge) => {
      const c = (await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: id }))).DBClusters?.[0];
      await judge('rds-cluster-storage-encrypted', () => assert.equal(c?.StorageEncrypted, true));
      await judge('rds-cluster-encrypted-with-cmk', async () => {
        assert.equal(c?.StorageEncrypted, true);
        await expectCustomerKey(c?.KmsKeyId);
      });
      await judge('rds-cluster-backup-retention', () => assert.ok((c?.BackupRetentionPeriod ?? 0) >= 7, 'backups kept 7 days'));
      await judge('rds-cluster-deletion-protection', () => assert.equal(c?.DeletionProtection, true));
      await judge('rds-cluster-multi-az', async () => {
        const members = c?.DBClusterMembers ?? [];
        assert.ok(members.length >= 2, 'two members');
        const azs = new Set<string | undefined>();
        for (const m of members) {
          const db = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: m.DBInstanceIdentifier! }))).DBInstances?.[0];
          azs.add(db?.AvailabilityZone);
        }
        assert.ok(azs.size >= 2, 'members in two AZs');
      });
      await judge('rds-db-subnet-group-spans-azs', async () => {
        assert.ok(c?.DBSubnetGroup, 'a subnet group');
        const group = (await rds.send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: c.DBSubnetGroup }))).DBSubnetGroups?.[0];
        assert.ok(azsOf(group?.Subnets) >= 2, 'the subnet group spans two AZs');
      });
    });
  }

  const CACHE_CHECKS = [
    'elasticache-replication-group-at-rest-encryption-enabled',
    'elasticache-replication-group-transit-encryption-enabled',
    'elasticache-replication-group-encrypted-with-cmk',
    'elasticache-replication-group-multi-az-enabled',
    'elasticache-subnet-group-spans-azs',
  ] as const;
  for (const ep of byKey(/_cache_primary_endpoint$/)) {
    // master.<group-id>.<hash>.<region-code>.cache.amazonaws.com
    const id = ep.split(':')[0]!.split('.')[1]!;
    test(`ElastiCache group ${id} is encrypted, fails over and spans two AZs`, id, CACHE_CHECKS, async (judge) => {
      const g = (await elasticache.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups?.[0];
      await judge('elasticache-replication-group-at-rest-encryption-enabled', () => assert.equal(g?.AtRestEncryptionEnabled, true));
      await judge('elasticache-replication-group-transit-encryption-enabled', () => assert.equal(g?.TransitEncryptionEnabled, true));
      await judge('elasticache-replication-group-encrypted-with-cmk', async () => {
        assert.equal(g?.AtRestEncryptionEnabled, true);
        await expectCustomerKey(g?.KmsKeyId);
      });
      let subnetGroup: string | undefined;
      await judge('elasticache-replication-group-multi-az-enabled', async () => {
        assert.equal(g?.AutomaticFailover, 'enabled');
        assert.equal(g?.MultiAZ, 'enabled');
        const azs = new Set<string | undefined>();
        for (const member of g?.MemberClusters ?? []) {
          const cc = (await elasticache.send(new DescribeCacheClustersCommand({ CacheClusterId: member }))).CacheClusters?.[0];
          azs.add(cc?.PreferredAvailabilityZone);
          subnetGroup ??= cc?.CacheSubnetGroupName;
        }
        assert.ok(azs.size >= 2, 'members in two AZs');
      });
      await judge('elasticache-subnet-group-spans-azs', async () => {
        assert.ok(subnetGroup, 'a cache subnet group');
        const group = (await elasticache.send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: subnetGroup }))).CacheSubnetGroups?.[0];
        const subnets = group?.Subnets ?? [];
        const azs = new Set(subnets.map((s) => s.SubnetAvailabilityZone?.Name).filter(Boolean));
        // moto leaves SubnetAvailabilityZone empty (AWS names the zone): then the subnets' own zones.
        const unnamed = subnets.filter((s) => !s.SubnetAvailabilityZone?.Name).map((s) => s.SubnetIdentifier!);
        if (unnamed.length) {
          for (const s of (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: unnamed }))).Subnets ?? []) azs.add(s.AvailabilityZone);
        }
        assert.ok(azs.size >= 2, 'the subnet group spans two AZs');
      });
    });
  }

  for (const [output, list] of entries.filter(([k]) => /_subnet_ids$/.test(k)) as Array<[string, string[]]>) {
    const azs = new Set<string | undefined>();
    for (const id of list) {
      // Only reads: the verdicts come once every subnet of the output is read, below.
      test(`subnet ${id} exists in the VPC`, id, [], async () => {
        const s = (await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [id] }))).Subnets?.[0];
        assert.equal(s?.VpcId, outputs.vpc_id);
        azs.add(s?.AvailabilityZone);
      });
    }
    // One subnet alone spans one AZ by nature: an output listing one has nothing to judge.
    if (list.length >= 2) {
      test(`the subnets of ${output} span two AZs`, output, [], async (judge) => {
        for (const id of list) await judge('ec2-subnets-span-azs', () => assert.ok(azs.size >= 2, `subnets in ${azs.size} AZ(s)`), id);
      });
    }
  }

  for (const arn of byKey(/_key_\d+_arn$|^kms_key_arn$/)) {
    test(`KMS key ${arn} is enabled and rotates`, arn, ['kms-key-enabled', 'kms-key-rotation-enabled'], async (judge) => {
      const key = (await kms.send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata;
      await judge('kms-key-enabled', () => assert.equal(key?.Enabled, true));
      const rotation = await kms.send(new GetKeyRotationStatusCommand({ KeyId: arn }));
      await judge('kms-key-rotation-enabled', () => assert.equal(rotation.KeyRotationEnabled, true));
    });
  }

  const elbv2 = counted(new ElasticLoadBalancingV2Client(config));
  const autoscaling = counted(new AutoScalingClient(config));
  for (const id of byKey(/_instance_id$/)) {
    test(`EC2 instance ${id} has every EBS volume encrypted with a CMK`, id, ['ec2-ebs-volumes-encrypted', 'ec2-instance-ebs-encrypted-with-cmk'], async (judge) => {
      const instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [id] }))).Reservations?.[0]?.Instances?.[0];
      const volumeIds = (instance?.BlockDeviceMappings ?? []).map((m) => m.Ebs?.VolumeId).filter((v): v is string => !!v);
      const volumes: Array<{ Encrypted?: boolean; KmsKeyId?: string } | undefined> = [];
      for (const volumeId of volumeIds) volumes.push((await ec2.send(new DescribeVolumesCommand({ VolumeIds: [volumeId] }))).Volumes?.[0]);
      await judge('ec2-ebs-volumes-encrypted', () => {
        assert.ok(volumes.length > 0, 'EBS volumes attached');
        for (const v of volumes) assert.equal(v?.Encrypted, true);
      });
      await judge('ec2-instance-ebs-encrypted-with-cmk', async () => {
        assert.ok(volumes.length > 0, 'EBS volumes attached');
        for (const v of volumes) {
          assert.equal(v?.Encrypted, true);
          await expectCustomerKey(v?.KmsKeyId);
        }
      });
    });
  }
  for (const dns of byKey(/_nlb_dns_name$/)) {
    // <name>-<id>.<region>.elb.amazonaws.com
    const name = dns.split('.')[0]!.replace(/-[0-9a-f]+$/, '');
    test(`load balancer ${name} spans two AZs`, name, ['elbv2-load-balancer-spans-azs'], async (judge) => {
      const lb = (await elbv2.send(new DescribeLoadBalancersCommand({ Names: [name] }))).LoadBalancers?.[0];
      await judge('elbv2-load-balancer-spans-azs', () => assert.ok(new Set((lb?.AvailabilityZones ?? []).map((z) => z.ZoneName)).size >= 2, 'two AZs'));
    });
  }
  const ASG_CHECKS = ['autoscaling-group-spans-azs', 'ec2-ebs-volumes-encrypted', 'autoscaling-group-ebs-encrypted-with-cmk'] as const;
  for (const name of byKey(/_asg_name$/)) {
    test(`Auto Scaling group ${name} spans two AZs and its launch template encrypts with a CMK`, name, ASG_CHECKS, async (judge) => {
      const g = (await autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }))).AutoScalingGroups?.[0];
      await judge('autoscaling-group-spans-azs', () => assert.ok((g?.AvailabilityZones ?? []).length >= 2, 'two AZs'));
      const lt = g?.LaunchTemplate;
      // No launch template: no mappings, so both volume checks below fail (never an error).
      const version = lt?.LaunchTemplateId
        ? (await ec2.send(new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: lt.LaunchTemplateId, Versions: [lt.Version ?? '$Default'] }))).LaunchTemplateVersions?.[0]
        : undefined;
      const mappings = version?.LaunchTemplateData?.BlockDeviceMappings ?? [];
      await judge('ec2-ebs-volumes-encrypted', () => {
        assert.ok(mappings.length > 0, 'EBS mappings');
        for (const m of mappings) assert.equal(m.Ebs?.Encrypted, true);
      });
      await judge('autoscaling-group-ebs-encrypted-with-cmk', async () => {
        assert.ok(mappings.length > 0, 'EBS mappings');
        for (const m of mappings) {
          assert.equal(m.Ebs?.Encrypted, true);
          await expectCustomerKey(m.Ebs?.KmsKeyId);
        }
      });
    });
  }

  // The run: one test at a time. Each check's verdict for a resource: pass, fail (an assertion
  // did not hold) or error (a call failed, or the test stopped before judging it).
  const started = performance.now();
  let failed = 0;
  const verdicts: Array<{ checkId: string; resource: string; status: Verdict }> = [];
  for (const t of tests) {
    const judged = new Set<string>();
    let ok = true;
    const judge: Judge = async (check, assertion, resource = t.resource) => {
      let status: Verdict = 'pass';
      try {
        await assertion();
      } catch (err) {
        status = err instanceof assert.AssertionError ? 'fail' : 'error';
        ok = false;
        if (failed < 5) process.stderr.write(`FAIL ${t.name}: ${check}: ${(err as Error)?.message ?? String(err)}\n`);
      }
      judged.add(`${check} ${resource}`);
      verdicts.push({ checkId: check, resource, status });
    };
    try {
      await t.fn(judge);
    } catch (err) {
      ok = false;
      if (failed < 5) process.stderr.write(`FAIL ${t.name}: ${(err as Error)?.message ?? String(err)}\n`);
    }
    for (const check of t.checks) {
      if (!judged.has(`${check} ${t.resource}`)) verdicts.push({ checkId: check, resource: t.resource, status: 'error' });
    }
    if (!ok) failed += 1;
  }
  const ms = Math.round(performance.now() - started);
  for (const c of [s3, kms, ec2, rds, elasticache, kinesis, sns, sqs, logs, elbv2, autoscaling]) c.destroy();
  process.stdout.write(`${JSON.stringify({ tests: tests.length, failed, apiCalls, ms, verdicts: countVerdicts(verdicts) })}\n`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((err: unknown) => {
  process.stderr.write(`baseline: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exitCode = 2;
});
