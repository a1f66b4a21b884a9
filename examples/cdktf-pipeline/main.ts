/**
 * A manufacturing data pipeline in CDKTF: machine telemetry arrives on a Kinesis stream, a Lambda
 * function screens it and queues the readings out of range on SQS, raw batches land in an S3
 * bucket (versioned, TLS only, moved to Glacier after 90 days), the plant's reference data lives
 * in Aurora PostgreSQL, hot counters in ElastiCache Redis, shared models on EFS. Everything sits
 * in one VPC over three Availability Zones (a public and a private subnet and a NAT gateway in
 * each, flow logs on) and is encrypted with the stack's KMS key.
 *
 * `cdktf synth` writes `cdktf.out/stacks/pipeline/cdk.tf.json`; `cdktf deploy` applies it (state
 * in `terraform.pipeline.tfstate` at the project root, CDKTF's default local backend). With
 * POSTFLIGHT_EXAMPLE_ENDPOINT set (`http://127.0.0.1:5000`), every service the stack uses is aimed
 * at that endpoint (moto) with the provider's account and credential checks off; without it, the
 * same app deploys to AWS with the ambient credentials. See README.md for what moto cannot create.
 */
import { fileURLToPath } from 'node:url';
import { App, AssetType, Fn, TerraformAsset, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group/index.js';
import { EfsFileSystem } from '@cdktf/provider-aws/lib/efs-file-system/index.js';
import { EfsMountTarget } from '@cdktf/provider-aws/lib/efs-mount-target/index.js';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log/index.js';
import { Eip } from '@cdktf/provider-aws/lib/eip/index.js';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group/index.js';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway/index.js';
import { KinesisStream } from '@cdktf/provider-aws/lib/kinesis-stream/index.js';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias/index.js';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway/index.js';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { RdsCluster } from '@cdktf/provider-aws/lib/rds-cluster/index.js';
import { RdsClusterInstance } from '@cdktf/provider-aws/lib/rds-cluster-instance/index.js';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table/index.js';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { Subnet } from '@cdktf/provider-aws/lib/subnet/index.js';
import { Vpc } from '@cdktf/provider-aws/lib/vpc/index.js';

/** The services this stack calls, each aimed at the emulator when one is given. */
const SERVICES = ['ec2', 'efs', 'elasticache', 'iam', 'kinesis', 'kms', 'lambda', 'logs', 'rds', 's3', 'sqs', 'sts'] as const;

export interface PipelineProps {
  /** Prefix of every name (bucket, stream, queue, function…): `mfg-pipeline` by default. */
  prefix: string;
  region: string;
  environment: string;
  /** The emulator's URL; AWS itself when not given. */
  endpoint?: string;
}

export class PipelineStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: PipelineProps) {
    super(scope, id);
    const { prefix, region, endpoint } = props;
    const tags = { Project: 'manufacturing-pipeline', Environment: props.environment, Owner: 'data-platform' };

    new AwsProvider(this, 'aws', {
      region,
      ...(endpoint
        ? {
            endpoints: [Object.fromEntries(SERVICES.map((s) => [s, endpoint]))],
            skipCredentialsValidation: true,
            skipRequestingAccountId: true,
            skipMetadataApiCheck: 'true',
            s3UsePathStyle: true,
          }
        : {}),
    });

    // The stack's key: every store below is encrypted with it.
    const key = new KmsKey(this, 'key', {
      description: `${prefix} data at rest`,
      enableKeyRotation: true,
      rotationPeriodInDays: 90,
      deletionWindowInDays: 7,
      tags,
    });
    new KmsAlias(this, 'key_alias', { name: `alias/${prefix}`, targetKeyId: key.keyId });

    // Network: a /16 over three AZs, a public and a private /24 in each, one NAT gateway.
    const vpc = new Vpc(this, 'vpc', { cidrBlock: '10.40.0.0/16', enableDnsHostnames: true, enableDnsSupport: true, tags: { ...tags, Name: `${prefix}-vpc` } });
    const igw = new InternetGateway(this, 'igw', { vpcId: vpc.id, tags: { ...tags, Name: `${prefix}-igw` } });
    const zones = ['a', 'b', 'c'].map((z) => `${region}${z}`);
    const publicSubnets = zones.map(
      (az, i) =>
        new Subnet(this, `public_${i}`, {
          vpcId: vpc.id,
          cidrBlock: `10.40.${i}.0/24`,
          availabilityZone: az,
          mapPublicIpOnLaunch: true,
          tags: { ...tags, Name: `${prefix}-public-${az}`, Tier: 'public' },
        }),
    );
    const privateSubnets = zones.map(
      (az, i) =>
        new Subnet(this, `private_${i}`, {
          vpcId: vpc.id,
          cidrBlock: `10.40.${10 + i}.0/24`,
          availabilityZone: az,
          tags: { ...tags, Name: `${prefix}-private-${az}`, Tier: 'private' },
        }),
    );
    // A NAT gateway per AZ, so that losing one zone leaves the other two with a way out.
    const nats = publicSubnets.map((s, i) => {
      const ip = new Eip(this, `nat_ip_${i}`, { domain: 'vpc', tags: { ...tags, Name: `${prefix}-nat-${zones[i]}` } });
      return new NatGateway(this, `nat_${i}`, { allocationId: ip.allocationId, subnetId: s.id, tags: { ...tags, Name: `${prefix}-nat-${zones[i]}` }, dependsOn: [igw] });
    });
    const publicRoutes = new RouteTable(this, 'public_routes', { vpcId: vpc.id, route: [{ cidrBlock: '0.0.0.0/0', gatewayId: igw.id }], tags: { ...tags, Name: `${prefix}-public` } });
    publicSubnets.forEach((s, i) => new RouteTableAssociation(this, `public_assoc_${i}`, { subnetId: s.id, routeTableId: publicRoutes.id }));
    privateSubnets.forEach((s, i) => {
      const routes = new RouteTable(this, `private_routes_${i}`, { vpcId: vpc.id, route: [{ cidrBlock: '0.0.0.0/0', natGatewayId: nats[i]!.id }], tags: { ...tags, Name: `${prefix}-private-${zones[i]}` } });
      new RouteTableAssociation(this, `private_assoc_${i}`, { subnetId: s.id, routeTableId: routes.id });
    });

    // Flow logs of the whole VPC, to a log group of their own.
    const flowLogs = new CloudwatchLogGroup(this, 'flow_logs', { name: `/vpc/${prefix}/flow-logs`, retentionInDays: 90, kmsKeyId: key.arn, tags });
    const flowRole = new IamRole(this, 'flow_role', {
      name: `${prefix}-flow-logs`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
      tags,
    });
    new IamRolePolicy(this, 'flow_role_policy', {
      role: flowRole.id,
      name: 'write-flow-logs',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'], Resource: `${flowLogs.arn}:*` }],
      }),
    });
    new FlowLog(this, 'flow_log', {
      vpcId: vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      // moto reads the log group by name only: given the ARN (as AWS documents it), it reports the
      // flow log's delivery as FAILED. The deprecated `log_group_name` names the same group.
      ...(endpoint ? { logGroupName: flowLogs.name } : { logDestination: flowLogs.arn }),
      iamRoleArn: flowRole.arn,
      tags,
    });
    const privateIds = privateSubnets.map((s) => s.id);

    // One group for the data tier: Postgres, Redis and NFS from inside the VPC only.
    const dataSg = new SecurityGroup(this, 'data_sg', {
      name: `${prefix}-data`,
      description: 'Aurora, Redis and EFS, reachable from inside the VPC',
      vpcId: vpc.id,
      ingress: [
        { description: 'Aurora PostgreSQL', fromPort: 5432, toPort: 5432, protocol: 'tcp', cidrBlocks: [vpc.cidrBlock] },
        { description: 'Redis', fromPort: 6379, toPort: 6379, protocol: 'tcp', cidrBlocks: [vpc.cidrBlock] },
        { description: 'NFS', fromPort: 2049, toPort: 2049, protocol: 'tcp', cidrBlocks: [vpc.cidrBlock] },
      ],
      egress: [{ description: 'All out', fromPort: 0, toPort: 0, protocol: '-1', cidrBlocks: ['0.0.0.0/0'] }],
      tags: { ...tags, Name: `${prefix}-data` },
    });

    // Ingest: the telemetry stream, encrypted with the stack's key.
    const stream = new KinesisStream(this, 'telemetry', {
      name: `${prefix}-telemetry`,
      shardCount: 2,
      retentionPeriod: 48,
      encryptionType: 'KMS',
      kmsKeyId: key.arn,
      tags,
    });

    // Raw batches: versioned, KMS-encrypted, private, TLS only, to Glacier after 90 days.
    const bucket = new S3Bucket(this, 'raw', { bucket: `${prefix}-raw-data`, forceDestroy: true, tags: { ...tags, DataClass: 'raw' } });
    new S3BucketVersioningA(this, 'raw_versioning', { bucket: bucket.id, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'raw_encryption', {
      bucket: bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, 'raw_public_access', { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    new S3BucketPolicy(this, 'raw_tls_only', {
      bucket: bucket.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [bucket.arn, `${bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
      dependsOn: [publicAccess],
    });
    new S3BucketLifecycleConfiguration(this, 'raw_lifecycle', {
      bucket: bucket.id,
      rule: [
        {
          id: 'raw-to-glacier',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          transition: [{ days: 90, storageClass: 'GLACIER' }],
          noncurrentVersionExpiration: [{ noncurrentDays: 365 }],
        },
      ],
    });

    // Reference data: Aurora PostgreSQL in the private subnets, its password kept by RDS in Secrets Manager.
    const dbSubnets = new DbSubnetGroup(this, 'db_subnets', { name: `${prefix}-db`, subnetIds: privateIds, tags });
    const cluster = new RdsCluster(this, 'aurora', {
      clusterIdentifier: `${prefix}-aurora`,
      engine: 'aurora-postgresql',
      engineVersion: '15.4',
      databaseName: 'plant',
      masterUsername: 'pipeline',
      manageMasterUserPassword: true,
      dbSubnetGroupName: dbSubnets.name,
      vpcSecurityGroupIds: [dataSg.id],
      storageEncrypted: true,
      kmsKeyId: key.arn,
      backupRetentionPeriod: 7,
      // On: `cdktf destroy` needs it turned off first (README.md).
      deletionProtection: true,
      skipFinalSnapshot: true,
      tags,
    });
    // A writer and a reader in two AZs: the reader is the failover target.
    ['writer', 'reader'].forEach(
      (role, i) =>
        new RdsClusterInstance(this, `aurora_${role}`, {
          identifier: `${prefix}-aurora-${i + 1}`,
          clusterIdentifier: cluster.id,
          instanceClass: 'db.r6g.large',
          engine: cluster.engine,
          engineVersion: cluster.engineVersion,
          availabilityZone: zones[i],
          dbSubnetGroupName: dbSubnets.name,
          publiclyAccessible: false,
          tags,
        }),
    );

    // Hot counters: Redis with a replica in another AZ, encrypted at rest and in transit.
    const cacheSubnets = new ElasticacheSubnetGroup(this, 'cache_subnets', { name: `${prefix}-cache`, subnetIds: privateIds, tags });
    // Left out on an emulator: moto creates the group but not its member clusters, which the
    // provider reads right after (DescribeCacheClusters on `<id>-001` answers CacheClusterNotFound).
    const redis = endpoint
      ? undefined
      : new ElasticacheReplicationGroup(this, 'redis', {
          replicationGroupId: `${prefix}-redis`,
          description: 'Per-line counters of the pipeline',
          engine: 'redis',
          engineVersion: '7.1',
          nodeType: 'cache.t4g.small',
          numCacheClusters: 2,
          automaticFailoverEnabled: true,
          multiAzEnabled: true,
          port: 6379,
          subnetGroupName: cacheSubnets.name,
          securityGroupIds: [dataSg.id],
          atRestEncryptionEnabled: 'true',
          transitEncryptionEnabled: true,
          kmsKeyId: key.arn,
          tags,
        });

    // Shared models: EFS, encrypted, one mount target per private subnet.
    const efs = new EfsFileSystem(this, 'models', {
      creationToken: `${prefix}-models`,
      encrypted: true,
      kmsKeyId: key.arn,
      performanceMode: 'generalPurpose',
      throughputMode: 'bursting',
      tags: { ...tags, Name: `${prefix}-models` },
    });
    privateSubnets.forEach((s, i) => new EfsMountTarget(this, `models_mount_${i}`, { fileSystemId: efs.id, subnetId: s.id, securityGroups: [dataSg.id] }));

    // Alerts: readings out of range, kept four days, encrypted with the stack's key.
    const queue = new SqsQueue(this, 'alerts', {
      name: `${prefix}-alerts`,
      visibilityTimeoutSeconds: 60,
      messageRetentionSeconds: 345600,
      kmsMasterKeyId: key.arn,
      tags,
    });

    // The screening function and its logs.
    const logs = new CloudwatchLogGroup(this, 'screen_logs', { name: `/aws/lambda/${prefix}-screen`, retentionInDays: 30, kmsKeyId: key.arn, tags });
    const role = new IamRole(this, 'screen_role', {
      name: `${prefix}-screen-role`,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
      tags,
    });
    const code = new TerraformAsset(this, 'screen_code', { path: fileURLToPath(new URL('./lambda', import.meta.url)), type: AssetType.ARCHIVE });
    const fn = new LambdaFunction(this, 'screen', {
      functionName: `${prefix}-screen`,
      role: role.arn,
      runtime: 'python3.12',
      handler: 'index.handler',
      filename: code.path,
      sourceCodeHash: Fn.filebase64sha256(code.path),
      memorySize: 512,
      timeout: 30,
      environment: { variables: { QUEUE_URL: queue.url, STREAM_NAME: stream.name, TEMPERATURE_LIMIT: '90' } },
      tags,
      dependsOn: [logs],
    });

    const outputs: Record<string, string> = {
      vpc_id: vpc.id,
      public_subnet_ids: Fn.join(',', publicSubnets.map((s) => s.id)),
      private_subnet_ids: Fn.join(',', privateIds),
      nat_gateway_ids: Fn.join(',', nats.map((n) => n.id)),
      data_security_group_id: dataSg.id,
      kms_key_arn: key.arn,
      telemetry_stream_name: stream.name,
      raw_bucket_name: bucket.bucket,
      aurora_cluster_identifier: cluster.clusterIdentifier,
      aurora_endpoint: cluster.endpoint,
      ...(redis ? { redis_replication_group_id: redis.replicationGroupId } : {}),
      models_file_system_id: efs.id,
      alerts_queue_arn: queue.arn,
      screen_function_name: fn.functionName,
      screen_log_group_name: logs.name,
    };
    for (const [name, value] of Object.entries(outputs)) new TerraformOutput(this, name, { value });
  }
}

const app = new App();
new PipelineStack(app, 'pipeline', {
  prefix: process.env.POSTFLIGHT_EXAMPLE_PREFIX ?? 'mfg-pipeline',
  region: process.env.AWS_REGION ?? 'us-east-1',
  environment: process.env.POSTFLIGHT_EXAMPLE_ENV ?? 'dev',
  ...(process.env.POSTFLIGHT_EXAMPLE_ENDPOINT ? { endpoint: process.env.POSTFLIGHT_EXAMPLE_ENDPOINT } : {}),
});
app.synth();
