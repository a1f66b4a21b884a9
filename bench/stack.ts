/**
 * Benchmark stacks: a compliant data-platform stack of N resources, deployed into an AWS emulator
 * (moto) with the SDK, many requests in parallel, and the outputs file CDKTF would write for it
 * (`{ "BenchStack": { "<name>": value } }`).
 *
 * Proportions follow a typical data platform: many buckets and subnets, fewer streams and
 * databases, a handful of caches and keys. Every resource is configured the compliant way
 * (CMK encryption, lifecycle, multi-AZ, rotation), so a correct verifier passes it all.
 *
 * Run on its own against an emulator that is already up:
 *   node bench/results/build/bench/stack.js --endpoint http://127.0.0.1:5000 --sizes 10,100
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pLimit from 'p-limit';
import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, PutBucketEncryptionCommand, PutBucketLifecycleConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateFlowLogsCommand, CreateLaunchTemplateCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AutoScalingClient, CreateAutoScalingGroupCommand } from '@aws-sdk/client-auto-scaling';
import { CreateDBClusterCommand, CreateDBInstanceCommand, CreateDBSubnetGroupCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  CreateCacheClusterCommand,
  CreateCacheSubnetGroupCommand,
  CreateReplicationGroupCommand,
  ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import { CreateStreamCommand, KinesisClient, StartStreamEncryptionCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { PutBucketVersioningCommand, PutPublicAccessBlockCommand } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CloudWatchLogsClient, CreateLogGroupCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';

export const STACK_NAME = 'BenchStack';
export const DEFAULT_SIZES = [10, 100, 500] as const;
/** The repository root: the nearest folder above this module with postflight's package.json (source or built). */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    try {
      if ((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name === 'postflight') return dir;
    } catch {
      // keep looking upwards
    }
    dir = dirname(dir);
  }
  throw new Error('could not find the postflight package.json above the bench');
}

/** Outputs files, run folders and raw figures (git-ignored). */
export const RESULTS_DIR = join(repoRoot(), 'bench', 'results');

/** The resource kinds of a bench stack, each one resource in the outputs. */
export type Kind = 'bucket' | 'subnet' | 'stream' | 'dbInstance' | 'kmsKey' | 'auroraCluster' | 'cacheGroup' | 'vpc' | 'topic' | 'queue' | 'logGroup' | ComputeKind;

/** Compute and network kinds: EC2 instances (two EBS volumes each), network load balancers, Auto Scaling groups (each with its launch template). */
export type ComputeKind = 'instance' | 'loadBalancer' | 'asg';

/** Share of the stack (after its one VPC) the compute kinds take; the kinds of PROPORTIONS share the rest in their proportions. */
export const COMPUTE_PROPORTIONS: Readonly<Record<ComputeKind, number>> = {
  instance: 0.06,
  loadBalancer: 0.03,
  asg: 0.03,
};

/** Volumes per bench instance. */
export const INSTANCE_VOLUMES = 2;

/** Share of the stack (after its one VPC) each kind takes. */
export const PROPORTIONS: Readonly<Partial<Record<Exclude<Kind, 'vpc'>, number>>> = {
  bucket: 0.24,
  subnet: 0.16,
  stream: 0.12,
  dbInstance: 0.1,
  kmsKey: 0.08,
  auroraCluster: 0.06,
  cacheGroup: 0.06,
  // Messaging and logs
  topic: 0.06,
  queue: 0.06,
  logGroup: 0.06,
};

/** The fewest of a kind a stack holds when the size allows: two subnets, so they can span two AZs. */
const MINIMUM: Partial<Readonly<Record<Kind, number>>> = { subnet: 2 };

/** Members per Aurora cluster and per ElastiCache replication group. */
export const AURORA_MEMBERS = 2;
export const CACHE_MEMBERS = 2;

export type Composition = Record<Kind, number>;

/**
 * How many of each kind a stack of `size` resources holds: one VPC, the rest split by
 * PROPORTIONS (largest remainder), at least one of each kind when the size allows.
 */
export function composition(size: number): Composition {
  if (!Number.isInteger(size) || size < 8) throw new Error(`a bench stack needs at least 8 resources, not ${size}`);
  const computeShare = Object.values(COMPUTE_PROPORTIONS).reduce((a, b) => a + b, 0);
  const shares: Partial<Record<Exclude<Kind, 'vpc'>, number>> = { ...COMPUTE_PROPORTIONS };
  for (const [k, v] of Object.entries(PROPORTIONS)) shares[k as Exclude<Kind, 'vpc'>] = v * (1 - computeShare);
  const kinds = Object.keys(shares) as Array<Exclude<Kind, 'vpc'>>;
  const rest = size - 1;
  const exact = kinds.map((k) => ({ k, v: rest * shares[k]! }));
  const out = Object.fromEntries(exact.map(({ k, v }) => [k, Math.floor(v)])) as Record<Exclude<Kind, 'vpc'>, number>;
  let left = rest - Object.values(out).reduce((a, b) => a + b, 0);
  for (const { k } of [...exact].sort((a, b) => (b.v % 1) - (a.v % 1))) {
    if (left <= 0) break;
    out[k] += 1;
    left -= 1;
  }
  for (const k of kinds) {
    while (out[k] < (MINIMUM[k] ?? 1)) {
      const spare = (x: Exclude<Kind, 'vpc'>) => out[x] - (MINIMUM[x] ?? 1);
      let donor = kinds.reduce((a, b) => (spare(b) > spare(a) ? b : a));
      if (spare(donor) <= 0) {
        // Fewer resources than kinds: the last kinds go without, also to give a kind that needs
        // more than one (two subnets, to span two AZs) its minimum.
        if ((MINIMUM[k] ?? 1) <= 1) break;
        const last = [...kinds].reverse().find((x) => x !== k && MINIMUM[x] === undefined && out[x] > 0);
        if (last === undefined) break;
        donor = last;
      }
      out[donor] -= 1;
      out[k] += 1;
    }
  }
  return { ...out, vpc: 1 };
}

export interface BenchStack {
  size: number;
  composition: Composition;
  outputsPath: string;
  outputs: Record<string, Record<string, unknown>>;
  /** Seconds spent creating the resources. */
  createSeconds: number;
  /** Requests the creation made. */
  createCalls: number;
}

/** The account moto puts requests with unknown keys in. */
export const DEFAULT_ACCOUNT = '123456789012';
const CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing', sessionToken: 'testing' };
const AZ_LETTERS = ['a', 'b', 'c', 'd', 'e', 'f'];

const pad = (n: number) => String(n).padStart(3, '0');

/**
 * Creates a stack of `size` resources in the emulator at `endpoint` and writes its outputs file.
 * Names carry `prefix`, so stacks of several sizes can live in one emulator.
 */
export async function deployBenchStack(opts: {
  endpoint: string;
  size: number;
  region?: string;
  prefix?: string;
  concurrency?: number;
  outputsDir?: string;
  /** The outputs file's name in outputsDir (default `outputs-<size>.json`). */
  outputsName?: string;
  /** The account the stack goes into, with credentials moto keys to it (default: moto's own account). */
  account?: { id: string; credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } };
}): Promise<BenchStack> {
  const region = opts.region ?? 'us-east-1';
  const accountId = opts.account?.id ?? DEFAULT_ACCOUNT;
  const prefix = opts.prefix ?? `s${opts.size}`;
  const comp = composition(opts.size);
  const started = performance.now();
  let calls = 0;
  const limit = pLimit(opts.concurrency ?? 16);
  const config = {
    region,
    endpoint: opts.endpoint,
    credentials: opts.account?.credentials ?? CREDENTIALS,
    maxAttempts: 5,
    requestHandler: new NodeHttpHandler({ httpAgent: { keepAlive: true, maxSockets: opts.concurrency ?? 16 } }),
  };
  const kms = new KMSClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const ec2 = new EC2Client(config);
  const rds = new RDSClient(config);
  const ec = new ElastiCacheClient(config);
  const kinesis = new KinesisClient(config);
  /** Every creation request goes through the shared limit. */
  const send = <T>(fn: () => Promise<T>): Promise<T> =>
    limit(() => {
      calls += 1;
      return fn();
    });
  const azs = AZ_LETTERS.map((l) => `${region}${l}`);

  // Keys first (every encrypted resource uses one), with the VPC and its subnets alongside.
  const keysP = Promise.all(
    Array.from({ length: comp.kmsKey }, async (_, i) => {
      const key = (await send(() => kms.send(new CreateKeyCommand({ Description: `${prefix} data key ${i}`, KeyUsage: 'ENCRYPT_DECRYPT' })))).KeyMetadata!;
      await send(() => kms.send(new EnableKeyRotationCommand({ KeyId: key.KeyId! })));
      await send(() => kms.send(new CreateAliasCommand({ AliasName: `alias/${prefix}-data-${pad(i)}`, TargetKeyId: key.KeyId! })));
      return key.Arn!;
    }),
  );
  const vpcP = (async () => {
    const vpcId = (await send(() => ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' })))).Vpc!.VpcId!;
    // /26 blocks: up to 1024 subnets in the /16, spread over the region's AZs.
    const subnets = await Promise.all(
      Array.from({ length: comp.subnet }, async (_, i) => {
        const cidr = `10.0.${Math.floor(i / 4)}.${(i % 4) * 64}/26`;
        const az = azs[i % azs.length]!;
        return (await send(() => ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: az })))).Subnet!.SubnetId!;
      }),
    );
    // The VPC's flow log, to a bucket of its own (not one of the stack's outputs).
    const flowLogs = `${prefix}-vpc-flow-logs`;
    await send(() => s3.send(new CreateBucketCommand({ Bucket: flowLogs })));
    await send(() => ec2.send(new CreateFlowLogsCommand({ ResourceIds: [vpcId], ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 's3', LogDestination: `arn:aws:s3:::${flowLogs}` })));
    return { vpcId, subnets };
  })();
  const [keys, { vpcId, subnets }] = await Promise.all([keysP, vpcP]);
  const keyFor = (i: number) => keys[i % keys.length]!;
  const groupSubnets = subnets.slice(0, Math.min(3, subnets.length));
  const dbSubnetGroup = `${prefix}-db-subnets`;
  const cacheSubnetGroup = `${prefix}-cache-subnets`;
  await Promise.all([
    send(() => rds.send(new CreateDBSubnetGroupCommand({ DBSubnetGroupName: dbSubnetGroup, DBSubnetGroupDescription: 'databases', SubnetIds: groupSubnets }))),
    send(() => ec.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: cacheSubnetGroup, CacheSubnetGroupDescription: 'caches', SubnetIds: groupSubnets }))),
  ]);

  const outputs: Record<string, unknown> = { vpc_id: vpcId };
  const half = Math.ceil(subnets.length / 2);
  outputs.private_subnet_ids = subnets.slice(0, half);
  if (subnets.length > half) outputs.public_subnet_ids = subnets.slice(half);
  keys.forEach((arn, i) => (outputs[`data_key_${pad(i)}_arn`] = arn));

  const buckets = Array.from({ length: comp.bucket }, async (_, i) => {
    const bucket = `${prefix}-tenant-${pad(i)}-data`;
    await send(() => s3.send(new CreateBucketCommand({ Bucket: bucket })));
    await send(() =>
      s3.send(
        new PutBucketEncryptionCommand({
          Bucket: bucket,
          ServerSideEncryptionConfiguration: {
            Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyFor(i) }, BucketKeyEnabled: true }],
          },
        }),
      ),
    );
    await send(() =>
      s3.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: bucket,
          LifecycleConfiguration: {
            Rules: [
              {
                ID: 'archive-then-expire',
                Status: 'Enabled',
                Filter: { Prefix: '' },
                Transitions: [{ Days: 90, StorageClass: 'GLACIER' }],
                Expiration: { Days: 2555 },
              },
              { ID: 'expire-old-versions', Status: 'Enabled', Filter: { Prefix: '' }, NoncurrentVersionExpiration: { NoncurrentDays: 90 } },
            ],
          },
        }),
      ),
    );
    await send(() => s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } })));
    await send(() =>
      s3.send(
        new PutPublicAccessBlockCommand({
          Bucket: bucket,
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        }),
      ),
    );
    outputs[`tenant_${pad(i)}_bucket_name`] = bucket;
  });

  const streams = Array.from({ length: comp.stream }, async (_, i) => {
    const name = `${prefix}-events-${pad(i)}`;
    await send(() => kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: 1 })));
    await send(() => kinesis.send(new StartStreamEncryptionCommand({ StreamName: name, EncryptionType: 'KMS', KeyId: keyFor(i + 1) })));
    outputs[`events_${pad(i)}_stream_arn`] = `arn:aws:kinesis:${region}:${accountId}:stream/${name}`;
  });

  const dbCommon = {
    DBInstanceClass: 'db.t3.medium',
    Engine: 'postgres',
    MasterUsername: 'app',
    MasterUserPassword: 'bench-only-password-1',
    AllocatedStorage: 20,
    DBSubnetGroupName: dbSubnetGroup,
  };
  const instances = Array.from({ length: comp.dbInstance }, async (_, i) => {
    const id = `${prefix}-orders-${pad(i)}`;
    const out = await send(() =>
      rds.send(
        new CreateDBInstanceCommand({
          ...dbCommon,
          DBInstanceIdentifier: id,
          MultiAZ: true,
          StorageEncrypted: true,
          KmsKeyId: keyFor(i + 2),
          BackupRetentionPeriod: 7,
          PubliclyAccessible: false,
          DeletionProtection: true,
        }),
      ),
    );
    const ep = out.DBInstance?.Endpoint;
    outputs[`orders_${pad(i)}_db_endpoint`] = ep?.Address ? `${ep.Address}:${ep.Port ?? 5432}` : `arn:aws:rds:${region}:${accountId}:db:${id}`;
  });

  const clusters = Array.from({ length: comp.auroraCluster }, async (_, i) => {
    const id = `${prefix}-ledger-${pad(i)}`;
    const out = await send(() =>
      rds.send(
        new CreateDBClusterCommand({
          DBClusterIdentifier: id,
          Engine: 'aurora-postgresql',
          MasterUsername: 'app',
          MasterUserPassword: 'bench-only-password-1',
          DBSubnetGroupName: dbSubnetGroup,
          StorageEncrypted: true,
          KmsKeyId: keyFor(i + 3),
          BackupRetentionPeriod: 7,
          DeletionProtection: true,
        }),
      ),
    );
    await Promise.all(
      Array.from({ length: AURORA_MEMBERS }, (_, m) =>
        send(() =>
          rds.send(
            new CreateDBInstanceCommand({
              DBInstanceIdentifier: `${id}-${m + 1}`,
              DBClusterIdentifier: id,
              DBInstanceClass: 'db.r6g.large',
              Engine: 'aurora-postgresql',
              AvailabilityZone: azs[m % azs.length],
              DBSubnetGroupName: dbSubnetGroup,
            }),
          ),
        ),
      ),
    );
    const endpoint = out.DBCluster?.Endpoint;
    outputs[`ledger_${pad(i)}_cluster_endpoint`] = endpoint ?? `arn:aws:rds:${region}:${accountId}:cluster:${id}`;
  });

  const caches = Array.from({ length: comp.cacheGroup }, async (_, i) => {
    const id = `${prefix}-sessions-${pad(i)}`;
    const out = await send(() =>
      ec.send(
        new CreateReplicationGroupCommand({
          ReplicationGroupId: id,
          ReplicationGroupDescription: 'sessions',
          Engine: 'redis',
          CacheNodeType: 'cache.t4g.small',
          NumCacheClusters: CACHE_MEMBERS,
          ReplicasPerNodeGroup: CACHE_MEMBERS - 1,
          PreferredCacheClusterAZs: azs.slice(0, CACHE_MEMBERS),
          AutomaticFailoverEnabled: true,
          MultiAZEnabled: true,
          AtRestEncryptionEnabled: true,
          TransitEncryptionEnabled: true,
          KmsKeyId: keyFor(i + 4),
          CacheSubnetGroupName: cacheSubnetGroup,
        }),
      ),
    );
    // AWS lists a group's member clusters in DescribeCacheClusters; moto does not, so add them.
    await Promise.all(
      Array.from({ length: CACHE_MEMBERS }, (_, m) =>
        send(() =>
          ec.send(
            new CreateCacheClusterCommand({
              CacheClusterId: `${id}-00${m + 1}`,
              ReplicationGroupId: id,
              Engine: 'redis',
              CacheNodeType: 'cache.t4g.small',
              PreferredAvailabilityZone: azs[m % azs.length],
              CacheSubnetGroupName: cacheSubnetGroup,
            }),
          ),
        ),
      ),
    );
    const primary = out.ReplicationGroup?.NodeGroups?.[0]?.PrimaryEndpoint;
    outputs[`sessions_${pad(i)}_cache_primary_endpoint`] = primary?.Address
      ? `${primary.Address}:${primary.Port ?? 6379}`
      : `arn:aws:elasticache:${region}:${accountId}:replicationgroup:${id}`;
  });

  // Messaging and logs: topics and queues on a CMK (outputs: topic ARNs, queue URLs on AWS's own
  // host), log groups on a CMK with a retention (outputs: names).
  const sns = new SNSClient(config);
  const sqs = new SQSClient(config);
  const cwl = new CloudWatchLogsClient(config);
  const topics = Array.from({ length: comp.topic }, async (_, i) => {
    const out = await send(() => sns.send(new CreateTopicCommand({ Name: `${prefix}-alerts-${pad(i)}`, Attributes: { KmsMasterKeyId: keyFor(i + 5) } })));
    outputs[`alerts_${pad(i)}_topic_arn`] = out.TopicArn;
  });
  const queues = Array.from({ length: comp.queue }, async (_, i) => {
    const name = `${prefix}-jobs-${pad(i)}`;
    await send(() => sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: { KmsMasterKeyId: keyFor(i + 6) } })));
    outputs[`jobs_${pad(i)}_queue_url`] = `https://sqs.${region}.amazonaws.com/${accountId}/${name}`;
  });
  const logGroups = Array.from({ length: comp.logGroup }, async (_, i) => {
    const name = `/aws/lambda/${prefix}-worker-${pad(i)}`;
    await send(() => cwl.send(new CreateLogGroupCommand({ logGroupName: name, kmsKeyId: keyFor(i + 7) })));
    await send(() => cwl.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: 30 })));
    outputs[`worker_${pad(i)}_log_group_name`] = name;
  });
  const compute = deployComputeKinds({ comp, prefix, subnets, keyFor, send, ec2, outputs, config });

  await Promise.all([...buckets, ...streams, ...instances, ...clusters, ...caches, ...topics, ...queues, ...logGroups, ...compute.work]);
  for (const c of [kms, s3, ec2, rds, ec, kinesis, sns, sqs, cwl, ...compute.clients]) c.destroy();

  // Outputs in a stable order, as `cdktf output` writes them.
  const sorted = Object.fromEntries(Object.entries(outputs).sort(([a], [b]) => a.localeCompare(b)));
  const file = { [STACK_NAME]: sorted };
  const dir = opts.outputsDir ?? RESULTS_DIR;
  await mkdir(dir, { recursive: true });
  const outputsPath = join(dir, opts.outputsName ?? `outputs-${opts.size}.json`);
  await writeFile(outputsPath, `${JSON.stringify(file, null, 2)}\n`);
  return {
    size: opts.size,
    composition: comp,
    outputsPath,
    outputs: file,
    createSeconds: (performance.now() - started) / 1000,
    createCalls: calls,
  };
}

/**
 * The compute and network kinds: instances with two EBS volumes on a stack key, internal network
 * load balancers over two zones, and Auto Scaling groups over two zones, each launching from its
 * own template whose volumes use a stack key. Outputs name them as stacks do: instance ids, load
 * balancer DNS names, group names.
 */
function deployComputeKinds(o: {
  comp: Composition;
  prefix: string;
  subnets: string[];
  keyFor: (i: number) => string;
  send: <T>(fn: () => Promise<T>) => Promise<T>;
  ec2: EC2Client;
  outputs: Record<string, unknown>;
  config: ConstructorParameters<typeof ElasticLoadBalancingV2Client>[0] & object;
}): { work: Array<Promise<void>>; clients: Array<{ destroy(): void }> } {
  const { comp, prefix, send, ec2, outputs } = o;
  const elb = new ElasticLoadBalancingV2Client(o.config);
  const asg = new AutoScalingClient(o.config);
  const twoZones = o.subnets.slice(0, 2);
  const instances = Array.from({ length: comp.instance }, async (_, i) => {
    const out = await send(() =>
      ec2.send(
        new RunInstancesCommand({
          ImageId: 'ami-12c6146b',
          InstanceType: 't3.small',
          MinCount: 1,
          MaxCount: 1,
          SubnetId: o.subnets[i % o.subnets.length],
          MetadataOptions: { HttpTokens: 'required' },
          BlockDeviceMappings: Array.from({ length: INSTANCE_VOLUMES }, (_, v) => ({
            DeviceName: v === 0 ? '/dev/xvda' : `/dev/sd${'fghij'[v - 1]}`,
            Ebs: { VolumeSize: 8, Encrypted: true, KmsKeyId: o.keyFor(i + 5) },
          })),
        }),
      ),
    );
    outputs[`worker_${pad(i)}_instance_id`] = out.Instances![0]!.InstanceId;
  });
  const loadBalancers = Array.from({ length: comp.loadBalancer }, async (_, i) => {
    const lb = await send(() => elb.send(new CreateLoadBalancerCommand({ Name: `${prefix}-ingest-${pad(i)}`, Type: 'network', Scheme: 'internal', Subnets: twoZones })));
    outputs[`ingest_${pad(i)}_nlb_dns_name`] = lb.LoadBalancers![0]!.DNSName;
  });
  const groups = Array.from({ length: comp.asg }, async (_, i) => {
    const name = `${prefix}-pool-${pad(i)}`;
    const lt = await send(() =>
      ec2.send(
        new CreateLaunchTemplateCommand({
          LaunchTemplateName: name,
          LaunchTemplateData: {
            ImageId: 'ami-12c6146b',
            MetadataOptions: { HttpTokens: 'required' },
            BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 16, Encrypted: true, KmsKeyId: o.keyFor(i + 6) } }],
          },
        }),
      ),
    );
    await send(() =>
      asg.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: name,
          MinSize: 0,
          MaxSize: 2,
          DesiredCapacity: 0,
          LaunchTemplate: { LaunchTemplateId: lt.LaunchTemplate!.LaunchTemplateId!, Version: '$Latest' },
          VPCZoneIdentifier: twoZones.join(','),
        }),
      ),
    );
    outputs[`pool_${pad(i)}_asg_name`] = name;
  });
  return { work: [...instances, ...loadBalancers, ...groups], clients: [elb, asg] };
}

export function parseSizes(text: string | undefined): number[] {
  if (!text) return [...DEFAULT_SIZES];
  const sizes = text.split(',').map((s) => Number(s.trim()));
  for (const s of sizes) if (!Number.isInteger(s) || s < 8) throw new Error(`--sizes takes whole numbers of at least 8, comma-separated, not "${text}"`);
  return sizes;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { endpoint: { type: 'string' }, sizes: { type: 'string' }, out: { type: 'string' } } });
  if (!values.endpoint) throw new Error('--endpoint <url of a running moto_server> is required');
  for (const size of parseSizes(values.sizes)) {
    const stack = await deployBenchStack({
      endpoint: values.endpoint,
      size,
      ...(values.out ? { outputsDir: resolve(values.out) } : {}),
    });
    process.stdout.write(`${size} resources: ${stack.outputsPath} (${stack.createCalls} requests, ${stack.createSeconds.toFixed(1)} s)\n`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench stack: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  });
}
